// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

class ScheduleEditor;

/// Wizard page 5: when to sync (the schedule editor, or manual only), written into the draft.
class WizardSchedulePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardSchedulePage(QWidget *parent = nullptr);
    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;
    [[nodiscard]] ScheduleEditor *editor() const { return mEditor; }

private:
    ScheduleEditor *mEditor = nullptr;
    bool mInitialized = false;
};
