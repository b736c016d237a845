// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QWizardPage>

class QComboBox;
class QLabel;

/// Wizard page 2: the source volume, picked from live lists (context, namespace, PVC with its size, access
/// modes, storage class and the pods using it), the copy method with what it means, storage and snapshot
/// classes from the cluster, and warnings where the choice cannot work.
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
    [[nodiscard]] QJsonObject pvc() const; ///< the selected PVC object
    [[nodiscard]] QString copyMethod() const;
    [[nodiscard]] QString storageClass() const; ///< empty = the PVC's
    [[nodiscard]] QString snapshotClass() const; ///< empty = the cluster default
    /// Whether every list has arrived (tests wait for it).
    [[nodiscard]] bool isLoaded() const { return mPending == 0; }

    /// Selects by text (tests and keyboard users): returns false when the item is not in the list.
    bool select(const QString &which, const QString &text);
    [[nodiscard]] static QString copyMethodExplanation(const QString &method);

Q_SIGNALS:
    void listsLoaded();

private:
    void loadContext();
    void loadNamespace();
    void updateInfo();
    void finishLoad();

    QComboBox *mContext = nullptr;
    QComboBox *mNamespace = nullptr;
    QComboBox *mPvc = nullptr;
    QLabel *mPvcInfo = nullptr;
    QComboBox *mCopyMethod = nullptr;
    QLabel *mCopyExplanation = nullptr;
    QComboBox *mStorageClass = nullptr;
    QComboBox *mSnapshotClass = nullptr;
    QLabel *mWarning = nullptr;
    QLabel *mError = nullptr;
    QList<QJsonObject> mPvcs;
    QList<QJsonObject> mStorageClasses;
    QList<QJsonObject> mPods;
    int mSnapshotClassCount = 0;
    int mPending = 0;
    quint64 mGeneration = 0; ///< namespace-level lists
    quint64 mContextGeneration = 0;
    bool mInitialized = false;
};
