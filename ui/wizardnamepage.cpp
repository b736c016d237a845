// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardnamepage.h"

#include "engine/relationshipdraft.h"
#include "engine/relationshippreflight.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "wizardfindings.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

WizardNamePage::WizardNamePage(QWidget *parent)
    : QWizardPage(parent)
{
    setObjectName(QStringLiteral("wizardNamePage"));
    setTitle(tr("Name the relationship"));
    setSubTitle(tr("A relationship copies one volume (PVC) to another namespace or cluster. Its name is also the "
                   "file name in the relationship folder, shared with volsyncctl and kubectl volsync."));
    mName = new QLineEdit(this);
    mName->setObjectName(QStringLiteral("relationshipNameEdit"));
    mName->setPlaceholderText(QStringLiteral("webshop-db"));
    mStatus = new QLabel(this);
    mStatus->setObjectName(QStringLiteral("relationshipNameStatus"));
    mStatus->setWordWrap(true);
    mStatus->setTextFormat(Qt::RichText);
    auto *label = new QLabel(tr("Na&me:"), this);
    label->setObjectName(QStringLiteral("relationshipNameLabel"));
    label->setBuddy(mName);
    auto *form = new QFormLayout(this);
    form->addRow(label, mName);
    form->addRow(QString(), mStatus);
    connect(mName, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (auto *w = qobject_cast<SetupWizard *>(wizard())) {
            w->draft()->setName(text.trimmed());
        }
        check();
    });
}

QString WizardNamePage::name() const
{
    return mName->text().trimmed();
}

void WizardNamePage::setName(const QString &name)
{
    mName->setText(name);
}

void WizardNamePage::showDraft()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w) {
        return;
    }
    const RelationshipDraft *draft = w->draft();
    mName->setText(draft->name());
    mName->setReadOnly(draft->isExisting());
    if (draft->isExisting()) {
        setTitle(tr("Relationship %1").arg(draft->name()));
        setSubTitle(draft->original() && draft->original()->isComplete()
                ? tr("Change its source, destination, capacity, copy methods, classes, service type or schedule. "
                     "The review shows what changes on each cluster before anything is applied.")
                : tr("This relationship is not set up completely yet. The next pages finish it; what it has "
                     "already is filled in."));
    }
    check();
}

QString WizardNamePage::problem() const
{
    auto *w = qobject_cast<SetupWizard *>(this->wizard());
    if (!w) {
        return QString();
    }
    for (const DraftFinding &f : RelationshipPreflight::name(*w->draft(), w->preflightContext())) {
        if (f.isError()) {
            return f.message;
        }
    }
    return QString();
}

void WizardNamePage::check()
{
    auto *w = qobject_cast<SetupWizard *>(this->wizard());
    if (!w) {
        return;
    }
    const QList<DraftFinding> findings = RelationshipPreflight::name(*w->draft(), w->preflightContext());
    mStatus->setText(findings.isEmpty() ? StatusStyle::badgeHtml(StatusStyle::Kind::Ok,
                         w->draft()->isExisting() ? tr("The name stays.") : tr("This name can be used."), palette())
                                        : WizardFindings::html(findings, palette()));
    Q_EMIT completeChanged();
}

bool WizardNamePage::isComplete() const
{
    return problem().isEmpty();
}
