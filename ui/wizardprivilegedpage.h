// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

class QCheckBox;
class QLabel;

/// Wizard page 4: the rsync-over-SSH mover runs privileged; VolSync allows that only in namespaces annotated
/// volsync.backube/privileged-movers="true". Shows the engine's privileged-movers check for both namespaces
/// (from fresh inventories) and lets Apply add the annotation.
class WizardPrivilegedPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardPrivilegedPage(QWidget *parent = nullptr);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;
    [[nodiscard]] bool allowAnnotate() const;
    [[nodiscard]] bool isChecked() const { return mChecked; }
    /// Namespaces ("context/ns") that lack the annotation.
    [[nodiscard]] QStringList missing() const { return mMissing; }

Q_SIGNALS:
    void checked();

private:
    void show();

    QLabel *mExplanation = nullptr;
    QLabel *mSourceState = nullptr;
    QLabel *mDestinationState = nullptr;
    QCheckBox *mAnnotate = nullptr;
    QStringList mMissing;
    bool mChecked = false;
    quint64 mGeneration = 0;
};
