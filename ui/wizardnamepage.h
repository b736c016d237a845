// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;

/// Wizard page 1: the relationship's name (the engine's one name rule, checked as you type). On an existing
/// relationship the name is fixed and the page says what will be finished or changed.
class WizardNamePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardNamePage(QWidget *parent = nullptr);

    [[nodiscard]] QString name() const;
    void setName(const QString &name);
    /// Why the name cannot be used (empty when it can).
    [[nodiscard]] QString problem() const;
    /// Shows the draft's name (and fixes it when the draft is of an existing relationship).
    void showDraft();

    [[nodiscard]] bool isComplete() const override;

private:
    void check();

    QLineEdit *mName = nullptr;
    QLabel *mStatus = nullptr;
};
