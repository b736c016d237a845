// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "wizardsidepage.h"

class QCheckBox;
class QLabel;
class QLineEdit;

/// Wizard page 3: where the copy goes: context and namespace (with an offer to create it), the name, copy
/// method, capacity and access modes (from the source volume), storage and snapshot classes of the destination
/// cluster, the service type (suggested from the contexts) and rsync over TLS. Writes the draft; the
/// preflight's findings show as you type.
class WizardDestinationPage : public WizardSidePage
{
    Q_OBJECT
public:
    explicit WizardDestinationPage(QWidget *parent = nullptr);

    void initializePage() override;

    [[nodiscard]] QString namespaceName() const;
    [[nodiscard]] bool namespaceExists() const;
    [[nodiscard]] bool createNamespace() const;
    [[nodiscard]] QString name() const;
    [[nodiscard]] QString capacity() const;
    [[nodiscard]] QStringList accessModes() const;
    [[nodiscard]] QString serviceType() const;
    [[nodiscard]] bool rsyncTls() const;
    [[nodiscard]] bool isLoaded() const override;

    /// Selects a combo entry by its value, or types into an editable one.
    bool select(const QString &which, const QString &text);

protected:
    [[nodiscard]] QList<DraftFinding> findings() const override;
    void showInventory() override;

private:
    void useContext();
    void update();
    void takeDefaultsFromSource();

    QComboBox *mNamespace = nullptr;
    QCheckBox *mCreateNamespace = nullptr;
    QLineEdit *mName = nullptr;
    QLabel *mCopyExplanation = nullptr;
    QLineEdit *mCapacity = nullptr;
    QLineEdit *mAccessModes = nullptr;
    QComboBox *mServiceType = nullptr;
    QLabel *mServiceHint = nullptr;
    QCheckBox *mRsyncTls = nullptr;
    QLabel *mFindings = nullptr;
    QString mDefaultsFor; ///< source PVC the defaults were taken from
    bool mUpdating = false;
};
