// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardschedulepage.h"

#include "engine/relationshipdraft.h"
#include "engine/relationshippreflight.h"
#include "scheduleeditor.h"
#include "setupwizard.h"

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
    connect(mEditor, &ScheduleEditor::changed, this, [this]() {
        if (auto *w = qobject_cast<SetupWizard *>(wizard())) {
            w->draft()->setCronSpec(mEditor->isManualOnly() ? QString() : mEditor->cronSpec());
        }
        Q_EMIT completeChanged();
    });
}

void WizardSchedulePage::initializePage()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w || mInitialized) {
        return;
    }
    mInitialized = true;
    if (w->draft()->isExisting()) {
        mEditor->setCronSpec(w->draft()->cronSpec());
    }
    w->draft()->setCronSpec(mEditor->isManualOnly() ? QString() : mEditor->cronSpec());
}

bool WizardSchedulePage::isComplete() const
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    return mEditor->isValid() && (!w || !DraftFinding::hasError(RelationshipPreflight::schedule(*w->draft())));
}
