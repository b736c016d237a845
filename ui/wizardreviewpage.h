// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

class QLabel;
class QPlainTextEdit;

/// Wizard page 6: a summary in words, and the volsyncctl commands that do the same (copyable).
class WizardReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardReviewPage(QWidget *parent = nullptr);
    void initializePage() override;
    [[nodiscard]] QString summary() const;
    [[nodiscard]] QString commands() const;

private:
    QLabel *mSummary = nullptr;
    QPlainTextEdit *mCommands = nullptr;
};
