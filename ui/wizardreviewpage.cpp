// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardreviewpage.h"

#include "engine/operationtracker.h"
#include "engine/relationshipdraft.h"
#include "engine/replicationdryrunjob.h"
#include "engine/replicationengine.h"
#include "engine/replicationobjectbuilder.h"
#include "engine/yamltree.h"
#include "scheduleeditor.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "wizardschedulepage.h"
#include "yamldialog.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTextDocument>
#include <QVBoxLayout>

namespace {

QString yamlText(const QStringList &comments, const QJsonObject &object)
{
    QString text;
    for (const QString &line : comments) {
        text += QStringLiteral("# ") + line + QLatin1Char('\n');
    }
    return text + QString::fromUtf8(YamlTree::write(object.toVariantMap()));
}

QString outcomeWord(DryRunCheck::Outcome outcome)
{
    switch (outcome) {
    case DryRunCheck::Outcome::Pending:
        return WizardReviewPage::tr("Checking");
    case DryRunCheck::Outcome::Passed:
        return WizardReviewPage::tr("Accepted");
    case DryRunCheck::Outcome::Failed:
        return WizardReviewPage::tr("Refused");
    case DryRunCheck::Outcome::NotChecked:
        return WizardReviewPage::tr("Checked during Apply");
    }
    return QString();
}

StatusStyle::Kind outcomeKind(DryRunCheck::Outcome outcome)
{
    switch (outcome) {
    case DryRunCheck::Outcome::Pending:
        return StatusStyle::Kind::Busy;
    case DryRunCheck::Outcome::Passed:
        return StatusStyle::Kind::Ok;
    case DryRunCheck::Outcome::Failed:
        return StatusStyle::Kind::Error;
    case DryRunCheck::Outcome::NotChecked:
        return StatusStyle::Kind::Neutral;
    }
    return StatusStyle::Kind::Neutral;
}

QPlainTextEdit *readOnlyText(QWidget *parent, const QString &objectName)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setReadOnly(true);
    edit->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    edit->setTabChangesFocus(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

} // namespace

WizardReviewPage::WizardReviewPage(QWidget *parent)
    : QWizardPage(parent)
{
    setObjectName(QStringLiteral("wizardReviewPage"));
    setTitle(tr("Review"));
    setSubTitle(tr("Nothing has been changed yet. The clusters' API servers check every object first (a dry "
                   "run, which creates nothing); Apply then sets everything up, step by step."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Apply"));
    mSummary = new QLabel(this);
    mSummary->setObjectName(QStringLiteral("reviewSummary"));
    mSummary->setWordWrap(true);
    mSummary->setTextFormat(Qt::RichText);

    mCheckStatus = new QLabel(this);
    mCheckStatus->setObjectName(QStringLiteral("reviewCheckStatus"));
    mCheckStatus->setWordWrap(true);
    mCheckStatus->setTextFormat(Qt::RichText);
    mCheckAgain = new QPushButton(tr("Check A&gain"), this);
    mCheckAgain->setObjectName(QStringLiteral("reviewCheckAgainButton"));
    mCheckAgain->setToolTip(tr("Send every object to its cluster again with dryRun=All"));
    connect(mCheckAgain, &QPushButton::clicked, this, &WizardReviewPage::checkAgain);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(mCheckStatus, 1);
    statusRow->addWidget(mCheckAgain, 0, Qt::AlignTop);

    mTabs = new QTabWidget(this);
    mTabs->setObjectName(QStringLiteral("reviewTabs"));
    mChecks = new QListWidget(mTabs);
    mChecks->setObjectName(QStringLiteral("reviewChecks"));
    mChecks->setWordWrap(true);
    mChecks->setTextElideMode(Qt::ElideNone);
    mChecks->setSelectionMode(QAbstractItemView::SingleSelection);
    mTabs->addTab(mChecks, tr("&Server Check"));
    mDestinationYaml = addYamlTab(QStringLiteral("reviewDestinationYaml"), tr("Replication&Destination"));
    mSecretYaml = addYamlTab(QStringLiteral("reviewSecretYaml"), tr("&Key Secret (masked)"));
    mSourceYaml = addYamlTab(QStringLiteral("reviewSourceYaml"), tr("&ReplicationSource"));

    auto *commandsPage = new QWidget(mTabs);
    commandsPage->setObjectName(QStringLiteral("reviewCommandsPage"));
    auto *commandsLabel = new QLabel(tr("The same with the command line:"), commandsPage);
    commandsLabel->setObjectName(QStringLiteral("reviewCommandsLabel"));
    mCommands = readOnlyText(commandsPage, QStringLiteral("reviewCommands"));
    mCommands->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    commandsLabel->setBuddy(mCommands);
    auto *copy = new QPushButton(tr("&Copy Commands"), commandsPage);
    copy->setObjectName(QStringLiteral("reviewCopyCommandsButton"));
    connect(copy, &QPushButton::clicked, this, [this]() { QApplication::clipboard()->setText(commands()); });
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(copy);
    auto *commandsLayout = new QVBoxLayout(commandsPage);
    commandsLayout->addWidget(commandsLabel);
    commandsLayout->addWidget(mCommands, 1);
    commandsLayout->addLayout(row);
    mTabs->addTab(commandsPage, tr("Co&mmands"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mSummary);
    layout->addLayout(statusRow);
    layout->addWidget(mTabs, 1);
}

WizardReviewPage::~WizardReviewPage()
{
    stopDryRun();
}

QPlainTextEdit *WizardReviewPage::addYamlTab(const QString &objectName, const QString &title)
{
    QPlainTextEdit *edit = readOnlyText(mTabs, objectName);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    YamlDialog::highlight(edit);
    mTabs->addTab(edit, title);
    return edit;
}

void WizardReviewPage::initializePage()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w) {
        return;
    }
    const RelationshipDraft *d = w->draft();
    const ScheduleEditor *schedule = w->schedulePage()->editor();
    QStringList items;
    items.append(tr("Copy the volume <b>%1</b> in namespace <b>%2</b> on <b>%3</b> (copy method %4)")
                     .arg(d->sourcePvc().toHtmlEscaped(), d->sourceNamespace().toHtmlEscaped(),
                         d->sourceContext().toHtmlEscaped(), d->sourceCopyMethod()));
    items.append(
        tr("to <b>%1</b> in namespace <b>%2</b> on <b>%3</b>%4 (copy method %5, %6, %7)")
            .arg(d->destinationName().toHtmlEscaped(), d->destinationNamespace().toHtmlEscaped(),
                d->destinationContext().toHtmlEscaped(),
                d->createDestinationNamespace() ? tr(", a new namespace") : QString(), d->destinationCopyMethod(),
                d->capacity().isEmpty() ? tr("capacity of the source") : d->capacity().toHtmlEscaped(),
                d->destinationAccessModes().join(QStringLiteral(", ")).toHtmlEscaped()));
    items.append(
        tr("through a %1 service, with rsync over %2").arg(d->serviceType(), d->rsyncTls() ? tr("TLS") : tr("SSH")));
    items.append(schedule->isManualOnly()
            ? tr("<b>manual only</b>: one sync right away, then only when you click Sync Now")
            : tr("<b>%1</b> (%2)")
                  .arg(schedule->descriptionText().toHtmlEscaped(), schedule->cronSpec().toHtmlEscaped()));
    if (d->allowPrivilegedMovers()) {
        items.append(tr("and allow privileged movers in the namespaces that lack the annotation"));
    }
    QString text = tr("<p>Relationship <b>%1</b> will:</p><ul><li>%2</li></ul>")
                       .arg(d->name().toHtmlEscaped(), items.join(QStringLiteral("</li><li>")));
    if (d->isExisting()) {
        // What changes, per cluster: the edit applies only this (through set-source / set-destination).
        QStringList clusters;
        for (const auto &[cluster, lines] : d->changesByCluster()) {
            QStringList escaped;
            for (const QString &line : lines) {
                escaped.append(line.toHtmlEscaped());
            }
            clusters.append(tr("<b>On %1:</b><ul><li>%2</li></ul>")
                                .arg(cluster.toHtmlEscaped(), escaped.join(QStringLiteral("</li><li>"))));
        }
        mChanges = d->changesByCluster();
        text += clusters.isEmpty() ? tr("<p>Nothing changes in its definition; Apply applies it again.</p>")
                                   : tr("<p>What changes:</p>") + clusters.join(QString());
    }
    mSummary->setText(text);
    mCommands->setPlainText(w->cliCommands().join(QLatin1Char('\n')));
    mTabs->setCurrentWidget(mChecks);
    checkAgain();
}

void WizardReviewPage::cleanupPage()
{
    // Back: the answers would be about another setup.
    stopDryRun();
    mChecked = false;
    mPassed = false;
}

bool WizardReviewPage::isComplete() const
{
    return checksPassed();
}

void WizardReviewPage::stopDryRun()
{
    if (mJob) {
        ReplicationDryRunJob *job = mJob;
        mJob = nullptr;
        disconnect(job, nullptr, this, nullptr);
        job->cancel(); // the tracker lets it go once it has stopped
    }
}

void WizardReviewPage::checkAgain()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w) {
        return;
    }
    stopDryRun();
    mChecked = false;
    mPassed = false;
    Q_EMIT completeChanged();
    const ReplicationRelationship draft = w->draft()->relationship();
    // The objects as far as they are known before asking the clusters (the source PVC completes them).
    QList<DryRunCheck> preview;
    for (const QJsonObject &object :
        {ReplicationObjectBuilder::replicationDestination(draft), ReplicationObjectBuilder::keySecretPreview(draft),
            ReplicationObjectBuilder::replicationSource(draft, ReplicationObjectBuilder::addressPlaceholder())}) {
        DryRunCheck c;
        c.kind = object.value(QLatin1String("kind")).toString();
        c.object = object;
        preview.append(c);
    }
    showObjects(preview);
    mChecks->clear();
    mCheckStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Busy,
        tr("Checking each object with its cluster's API server (dry run)… Apply is enabled when they accept them."),
        palette()));
    mCheckAgain->setEnabled(false);

    if (!w->engine() || !w->tracker()) {
        return;
    }
    ReplicationDryRunJob *job = w->engine()->dryRun(draft, w->draft()->dryRunOptions());
    mJob = job;
    connect(job, &ReplicationDryRunJob::checked, this, &WizardReviewPage::showCheck);
    connect(job, &ReplicationJob::finished, this, &WizardReviewPage::dryRunDone);
    // Quiet: a refused object is shown here; the log gets only a dry run that could not run.
    OperationTracker::RunOptions quiet;
    quiet.quiet = true;
    w->tracker()->run(job, OperationTracker::Kind::Check, w->relationshipName(),
        tr("Checking the objects of %1 with the API servers (dry run)").arg(w->relationshipName()), quiet);
}

void WizardReviewPage::showCheck(const DryRunCheck &check)
{
    const QString text
        = QStringLiteral("%1: %2\n%3").arg(outcomeWord(check.outcome), check.objectText(), check.message);
    auto *item = new QListWidgetItem(StatusStyle::icon(outcomeKind(check.outcome)), text, mChecks);
    if (check.outcome == DryRunCheck::Outcome::Failed) {
        // Only a refusal stands out in colour; the icon and the first word carry the meaning of every line.
        item->setForeground(StatusStyle::color(StatusStyle::Kind::Error, palette()));
    }
    item->setToolTip(check.message);
    item->setData(Qt::UserRole, int(check.outcome));
}

void WizardReviewPage::dryRunDone()
{
    ReplicationDryRunJob *job = mJob;
    if (!job) {
        return;
    }
    mJob = nullptr; // the tracker deletes it
    mCheckAgain->setEnabled(true);
    const ReplicationResult result = job->result();
    const QList<DryRunCheck> checks = job->checks();
    // Rebuild the list in the job's order (answers arrive in any order).
    mChecks->clear();
    for (const DryRunCheck &c : checks) {
        showCheck(c);
    }
    showObjects(checks);
    mChecked = true;
    mPassed = result.ok() && job->allPassed();
    if (!result.ok()) {
        mCheckStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error,
            tr("Apply is disabled: the dry run could not run: %1. Check Again when that is fixed.").arg(result.error),
            palette()));
    } else if (mPassed) {
        int later = 0;
        for (const DryRunCheck &c : checks) {
            later += c.outcome == DryRunCheck::Outcome::NotChecked ? 1 : 0;
        }
        QString text = tr("The API servers accept every object (dry run: nothing was created).");
        if (later > 0) {
            text += QLatin1Char(' ')
                + (later == 1 ? tr("The object in the new namespace is checked by its server when Apply creates it.")
                              : tr("The %1 objects in the new namespace are checked by their server when Apply "
                                   "creates them.")
                                    .arg(later));
        }
        mCheckStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Ok, text, palette()));
    } else {
        int refused = 0;
        for (const DryRunCheck &c : checks) {
            refused += c.outcome == DryRunCheck::Outcome::Failed ? 1 : 0;
        }
        mCheckStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error,
            tr("Apply is disabled: the API server refused %1, so Apply would stop half-way. The server's answer is "
               "under Server Check; go Back to change the setup, or fix the cluster, then Check Again.")
                .arg(refused == 1 ? tr("1 object") : tr("%1 objects").arg(refused)),
            palette()));
        mTabs->setCurrentWidget(mChecks);
    }
    Q_EMIT completeChanged();
    Q_EMIT dryRunFinished(mPassed);
}

void WizardReviewPage::showObjects(const QList<DryRunCheck> &checks)
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    const bool manual = w && w->draft()->cronSpec().isEmpty();
    for (const DryRunCheck &c : checks) {
        if (c.kind == QLatin1String("ReplicationDestination")) {
            mDestinationYaml->setPlainText(
                yamlText({tr("Created first, on the destination. VolSync then publishes its address and key Secret.")},
                    c.object));
        } else if (c.kind == QLatin1String("Secret")) {
            mSecretYaml->setPlainText(yamlText({tr("The keys are made by VolSync on the destination when the "
                                                   "ReplicationDestination is created;"),
                                                   tr("Apply copies them here. Their values are never shown.")},
                ReplicationObjectBuilder::masked(c.object)));
        } else if (c.kind == QLatin1String("ReplicationSource")) {
            QStringList comments {tr("Created last. Apply puts the ReplicationDestination's published address "
                                     "into address.")};
            if (manual) {
                comments.append(tr("trigger.manual is the time Apply starts: one sync right away."));
            }
            mSourceYaml->setPlainText(yamlText(comments, c.object));
        }
    }
}

QString WizardReviewPage::summary() const
{
    return mSummary->text();
}

QString WizardReviewPage::commands() const
{
    return mCommands->toPlainText();
}

QString WizardReviewPage::yaml(const QString &kind) const
{
    if (kind == QLatin1String("ReplicationDestination")) {
        return mDestinationYaml->toPlainText();
    }
    if (kind == QLatin1String("Secret")) {
        return mSecretYaml->toPlainText();
    }
    if (kind == QLatin1String("ReplicationSource")) {
        return mSourceYaml->toPlainText();
    }
    return QString();
}

QStringList WizardReviewPage::checkTexts() const
{
    QStringList texts;
    for (int i = 0; i < mChecks->count(); ++i) {
        texts.append(mChecks->item(i)->text());
    }
    return texts;
}

QString WizardReviewPage::checkStatus() const
{
    QTextDocument document;
    document.setHtml(mCheckStatus->text());
    // Without the icon (an object replacement character) and the non-breaking space after it.
    return document.toPlainText()
        .remove(QChar::ObjectReplacementCharacter)
        .replace(QChar::Nbsp, QLatin1Char(' '))
        .trimmed();
}

QString WizardReviewPage::allText() const
{
    QTextDocument summaryText;
    summaryText.setHtml(mSummary->text());
    return QStringList {summaryText.toPlainText(), checkStatus(), checkTexts().join(QLatin1Char('\n')),
        mDestinationYaml->toPlainText(), mSecretYaml->toPlainText(), mSourceYaml->toPlainText(),
        mCommands->toPlainText()}
        .join(QLatin1Char('\n'));
}

bool WizardReviewPage::isChecking() const
{
    return mJob != nullptr;
}
