// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardnamepage.h"

#include "engine/objectname.h"
#include "engine/relationshipstore.h"
#include "engine/replicationengine.h"
#include "setupwizard.h"
#include "statusstyle.h"

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
    auto *label = new QLabel(tr("&Name:"), this);
    label->setObjectName(QStringLiteral("relationshipNameLabel"));
    label->setBuddy(mName);
    auto *form = new QFormLayout(this);
    form->addRow(label, mName);
    form->addRow(QString(), mStatus);
    connect(mName, &QLineEdit::textChanged, this, &WizardNamePage::check);
}

QString WizardNamePage::name() const
{
    return mName->text().trimmed();
}

void WizardNamePage::setName(const QString &name)
{
    mName->setText(name);
}

QString WizardNamePage::problem() const
{
    const QString text = name();
    if (text.isEmpty()) {
        return tr("Enter a name: lower-case letters, digits and '-', e.g. webshop-db.");
    }
    if (const auto error = RelationshipStore::validateName(text)) {
        return *error;
    }
    if (!volsync::isDns1123Label(text)) {
        return tr("Use lower-case letters, digits and '-' only, starting and ending with a letter or digit "
                  "(at most 63 characters).");
    }
    auto *wizard = qobject_cast<SetupWizard *>(this->wizard());
    if (wizard && wizard->engine() && wizard->engine()->store().exists(text)) {
        return tr("A relationship named \"%1\" exists already. Pick another name.").arg(text);
    }
    return QString();
}

void WizardNamePage::check()
{
    const QString why = problem();
    mStatus->setText(why.isEmpty()
            ? StatusStyle::badgeHtml(StatusStyle::Kind::Ok, tr("This name can be used."), palette())
            : StatusStyle::badgeHtml(StatusStyle::Kind::Error, why, palette()));
    Q_EMIT completeChanged();
}

bool WizardNamePage::isComplete() const
{
    return problem().isEmpty();
}
