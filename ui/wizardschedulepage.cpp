// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardschedulepage.h"

#include "scheduleeditor.h"

#include <QVBoxLayout>

WizardSchedulePage::WizardSchedulePage(QWidget *parent)
    : QWizardPage(parent)
{
    setObjectName(QStringLiteral("wizardSchedulePage"));
    setTitle(tr("When to sync"));
    setSubTitle(tr("VolSync starts a sync at these times. You can always sync at once with Sync Now."));
    mEditor = new ScheduleEditor(this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mEditor);
    layout->addStretch();
    connect(mEditor, &ScheduleEditor::changed, this, &WizardSchedulePage::completeChanged);
}

bool WizardSchedulePage::isComplete() const
{
    return mEditor->isValid();
}
