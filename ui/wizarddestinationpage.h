// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWizardPage>

class ClusterInventory;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

/// Wizard page 3: where the copy goes: context and namespace (with an offer to create it), the name, copy
/// method, capacity and access modes (from the source volume), storage and snapshot classes of the destination
/// cluster, the service type (suggested from the contexts) and rsync over TLS. Writes the draft; the
/// preflight's findings show as you type.
class WizardDestinationPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardDestinationPage(QWidget *parent = nullptr);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;
    [[nodiscard]] bool validatePage() override;

    [[nodiscard]] QString context() const;
    [[nodiscard]] QString namespaceName() const;
    [[nodiscard]] bool namespaceExists() const;
    [[nodiscard]] bool createNamespace() const;
    [[nodiscard]] QString name() const;
    [[nodiscard]] QString copyMethod() const;
    [[nodiscard]] QString capacity() const;
    [[nodiscard]] QStringList accessModes() const;
    [[nodiscard]] QString storageClass() const;
    [[nodiscard]] QString snapshotClass() const;
    [[nodiscard]] QString serviceType() const;
    [[nodiscard]] bool rsyncTls() const;
    [[nodiscard]] bool isLoaded() const;
    /// The findings shown (plain text, one per line).
    [[nodiscard]] QStringList findingTexts() const;

    /// Selects a combo entry by its value, or types into an editable one.
    bool select(const QString &which, const QString &text);

Q_SIGNALS:
    void listsLoaded();

private:
    void useContext();
    void showInventory();
    void update();
    void takeDefaultsFromSource();

    QComboBox *mContext = nullptr;
    QComboBox *mNamespace = nullptr;
    QCheckBox *mCreateNamespace = nullptr;
    QLineEdit *mName = nullptr;
    QComboBox *mCopyMethod = nullptr;
    QLabel *mCopyExplanation = nullptr;
    QLineEdit *mCapacity = nullptr;
    QLineEdit *mAccessModes = nullptr;
    QComboBox *mStorageClass = nullptr;
    QComboBox *mSnapshotClass = nullptr;
    QComboBox *mServiceType = nullptr;
    QLabel *mServiceHint = nullptr;
    QCheckBox *mRsyncTls = nullptr;
    QLabel *mFindings = nullptr;
    QPointer<ClusterInventory> mInventory;
    QString mDefaultsFor; ///< source PVC the defaults were taken from
    bool mUpdating = false;
};
