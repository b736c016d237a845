// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWizardPage>

class ClusterInventory;
class QComboBox;
class QLabel;

/// Wizard page 2: the source volume. Shows the source cluster's inventory (namespaces, PVCs with size, access
/// modes, class and the pods using them; VolSync's own volumes and volumes already replicated come last and
/// are marked), writes the choices into the draft and shows the preflight's findings about them.
class WizardSourcePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardSourcePage(QWidget *parent = nullptr);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;
    [[nodiscard]] bool validatePage() override;

    [[nodiscard]] QString context() const;
    [[nodiscard]] QString namespaceName() const;
    [[nodiscard]] QString pvcName() const;
    [[nodiscard]] QString copyMethod() const;
    [[nodiscard]] QString storageClass() const; ///< empty = the PVC's
    [[nodiscard]] QString snapshotClass() const; ///< empty = the cluster default
    /// Whether every list has arrived (tests wait for it).
    [[nodiscard]] bool isLoaded() const;
    /// The PVC entries as shown, in order (name and, for marked ones, the note).
    [[nodiscard]] QStringList pvcEntries() const;

    /// Selects by value (tests and keyboard users): returns false when the item is not in the list.
    bool select(const QString &which, const QString &text);
    [[nodiscard]] static QString copyMethodExplanation(const QString &method);

Q_SIGNALS:
    void listsLoaded();

private:
    void useContext();
    void showInventory();
    void updateInfo();

    QComboBox *mContext = nullptr;
    QComboBox *mNamespace = nullptr;
    QComboBox *mPvc = nullptr;
    QLabel *mPvcInfo = nullptr;
    QComboBox *mCopyMethod = nullptr;
    QLabel *mCopyExplanation = nullptr;
    QComboBox *mStorageClass = nullptr;
    QComboBox *mSnapshotClass = nullptr;
    QLabel *mFindings = nullptr;
    QLabel *mError = nullptr;
    QPointer<ClusterInventory> mInventory;
    bool mInitialized = false;
};
