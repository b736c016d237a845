// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardsidepage.h"

#include "engine/clusterinventory.h"
#include "setupwizard.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>

bool WizardSidePage::isComplete() const
{
    return setupWizard() && isLoaded() && !DraftFinding::hasError(findings());
}

bool WizardSidePage::validatePage()
{
    return isComplete();
}

QString WizardSidePage::context() const
{
    return mContext->currentData().toString();
}

QString WizardSidePage::copyMethod() const
{
    return mCopyMethod->currentData().toString();
}

QString WizardSidePage::storageClass() const
{
    return mStorageClass->currentData().toString();
}

QString WizardSidePage::snapshotClass() const
{
    return mSnapshotClass->currentData().toString();
}

QStringList WizardSidePage::findingTexts() const
{
    QStringList texts;
    for (const DraftFinding &finding : findings())
        texts.append(finding.message);
    return texts;
}

SetupWizard *WizardSidePage::setupWizard() const
{
    return qobject_cast<SetupWizard *>(wizard());
}

void WizardSidePage::followInventory()
{
    SetupWizard *w = setupWizard();
    if (!w || context().isEmpty())
        return;
    if (mInventory)
        disconnect(mInventory, nullptr, this, nullptr);
    mInventory = w->inventory(context());
    connect(mInventory, &ClusterInventory::changed, this, [this] { showInventory(); });
    connect(mInventory, &ClusterInventory::loaded, this, [this] {
        showInventory();
        if (isLoaded())
            Q_EMIT listsLoaded();
    });
    showInventory();
}

void WizardSidePage::addFormRow(QFormLayout *form, const QString &text, QWidget *field, const char *labelName)
{
    auto *label = new QLabel(text, this);
    label->setObjectName(QLatin1String(labelName));
    label->setBuddy(field);
    form->addRow(label, field);
}

QLabel *WizardSidePage::noteLabel(const char *name, bool richText)
{
    auto *label = new QLabel(this);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    if (richText)
        label->setTextFormat(Qt::RichText);
    return label;
}
