// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;

/// Wizard page 1: a DNS-safe relationship name that does not exist yet.
class WizardNamePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardNamePage(QWidget *parent = nullptr);

    [[nodiscard]] QString name() const;
    void setName(const QString &name);
    /// Why the name cannot be used (empty when it can).
    [[nodiscard]] QString problem() const;

    [[nodiscard]] bool isComplete() const override;

private:
    void check();

    QLineEdit *mName = nullptr;
    QLabel *mStatus = nullptr;
};
