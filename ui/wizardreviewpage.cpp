// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardreviewpage.h"

#include "scheduleeditor.h"
#include "setupwizard.h"
#include "wizarddestinationpage.h"
#include "wizardschedulepage.h"
#include "wizardsourcepage.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

WizardReviewPage::WizardReviewPage(QWidget *parent)
    : QWizardPage(parent)
{
    setObjectName(QStringLiteral("wizardReviewPage"));
    setTitle(tr("Review"));
    setSubTitle(tr("Nothing has been changed yet. Apply sets everything up, step by step."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Apply"));
    mSummary = new QLabel(this);
    mSummary->setObjectName(QStringLiteral("reviewSummary"));
    mSummary->setWordWrap(true);
    mSummary->setTextFormat(Qt::RichText);
    auto *commandsLabel = new QLabel(tr("The same with the command line:"), this);
    commandsLabel->setObjectName(QStringLiteral("reviewCommandsLabel"));
    mCommands = new QPlainTextEdit(this);
    mCommands->setObjectName(QStringLiteral("reviewCommands"));
    mCommands->setReadOnly(true);
    mCommands->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    mCommands->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    commandsLabel->setBuddy(mCommands);
    auto *copy = new QPushButton(tr("&Copy Commands"), this);
    copy->setObjectName(QStringLiteral("reviewCopyCommandsButton"));
    connect(copy, &QPushButton::clicked, this, [this]() { QApplication::clipboard()->setText(commands()); });
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(copy);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mSummary);
    layout->addWidget(commandsLabel);
    layout->addWidget(mCommands, 1);
    layout->addLayout(row);
}

void WizardReviewPage::initializePage()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w) {
        return;
    }
    const WizardSourcePage *s = w->sourcePage();
    const WizardDestinationPage *d = w->destinationPage();
    const ScheduleEditor *schedule = w->schedulePage()->editor();
    QStringList items;
    items.append(tr("Copy the volume <b>%1</b> in namespace <b>%2</b> on <b>%3</b> (copy method %4)")
                     .arg(s->pvcName().toHtmlEscaped(), s->namespaceName().toHtmlEscaped(),
                         s->context().toHtmlEscaped(), s->copyMethod()));
    items.append(tr("to <b>%1</b> in namespace <b>%2</b> on <b>%3</b>%4 (copy method %5, %6, %7)")
                     .arg(d->name().toHtmlEscaped(), d->namespaceName().toHtmlEscaped(), d->context().toHtmlEscaped(),
                         d->createNamespace() ? tr(", a new namespace") : QString(), d->copyMethod(),
                         d->capacity().isEmpty() ? tr("capacity of the source") : d->capacity(),
                         d->accessModes().join(QStringLiteral(", "))));
    items.append(
        tr("through a %1 service, with rsync over %2").arg(d->serviceType(), d->rsyncTls() ? tr("TLS") : tr("SSH")));
    items.append(schedule->isManualOnly()
            ? tr("<b>manual only</b>: one sync right away, then only when you click Sync Now")
            : tr("<b>%1</b> (%2)")
                  .arg(schedule->descriptionText().toHtmlEscaped(), schedule->cronSpec().toHtmlEscaped()));
    if (w->allowPrivilegedMovers()) {
        items.append(tr("and allow privileged movers in the namespaces that lack the annotation"));
    }
    mSummary->setText(tr("<p>Relationship <b>%1</b> will:</p><ul><li>%2</li></ul>")
                          .arg(w->relationshipName().toHtmlEscaped(), items.join(QStringLiteral("</li><li>"))));
    mCommands->setPlainText(w->cliCommands().join(QLatin1Char('\n')));
}

QString WizardReviewPage::summary() const
{
    return mSummary->text();
}

QString WizardReviewPage::commands() const
{
    return mCommands->toPlainText();
}
