// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/draftfinding.h"

#include <QPointer>
#include <QWizardPage>

class ClusterInventory;
class QComboBox;
class QFormLayout;
class QLabel;
class SetupWizard;

/// What the source and destination pages share: the cluster, copy method and class choices, the inventory of
/// the chosen cluster, and being complete when the preflight finds no error about the page's side of the draft.
/// The pages create the combo boxes (in their tab order) and say which findings are theirs.
class WizardSidePage : public QWizardPage
{
    Q_OBJECT
public:
    [[nodiscard]] bool isComplete() const override;
    [[nodiscard]] bool validatePage() override;

    [[nodiscard]] QString context() const;
    [[nodiscard]] QString copyMethod() const;
    [[nodiscard]] QString storageClass() const; ///< empty = the default (the PVC's or the cluster's)
    [[nodiscard]] QString snapshotClass() const; ///< empty = the cluster default
    /// Whether every list has arrived (tests wait for it).
    [[nodiscard]] virtual bool isLoaded() const = 0;
    /// The preflight's findings about this page (plain text, one per line).
    [[nodiscard]] QStringList findingTexts() const;

Q_SIGNALS:
    void listsLoaded();

protected:
    using QWizardPage::QWizardPage;

    [[nodiscard]] SetupWizard *setupWizard() const;
    /// The preflight's findings about this page's side of the draft (none without a wizard).
    [[nodiscard]] virtual QList<DraftFinding> findings() const = 0;
    /// Shows the chosen cluster's inventory (again, when it changes).
    virtual void showInventory() = 0;
    /// Follows the chosen cluster's inventory: showInventory() now and on every change, listsLoaded() once loaded.
    void followInventory();
    /// A row of the page's form: `text` (with its mnemonic) as the label of `field`.
    void addFormRow(QFormLayout *form, const QString &text, QWidget *field, const char *labelName);
    /// A word-wrapped label for notes and findings (`richText`: findings with their icons).
    [[nodiscard]] QLabel *noteLabel(const char *name, bool richText = false);

    QComboBox *mContext = nullptr;
    QComboBox *mCopyMethod = nullptr;
    QComboBox *mStorageClass = nullptr;
    QComboBox *mSnapshotClass = nullptr;
    QPointer<ClusterInventory> mInventory;
};
