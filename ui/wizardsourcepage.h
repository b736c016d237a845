// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "wizardsidepage.h"

class QLabel;

/// Wizard page 2: the source volume. Shows the source cluster's inventory (namespaces, PVCs with size, access
/// modes, class and the pods using them; VolSync's own volumes and volumes already replicated come last and
/// are marked), writes the choices into the draft and shows the preflight's findings about them.
class WizardSourcePage : public WizardSidePage
{
    Q_OBJECT
public:
    explicit WizardSourcePage(QWidget *parent = nullptr);

    void initializePage() override;

    [[nodiscard]] QString namespaceName() const;
    [[nodiscard]] QString pvcName() const;
    [[nodiscard]] bool isLoaded() const override;
    /// The PVC entries as shown, in order (name and, for marked ones, the note).
    [[nodiscard]] QStringList pvcEntries() const;

    /// Selects by value (tests and keyboard users): returns false when the item is not in the list.
    bool select(const QString &which, const QString &text);
    [[nodiscard]] static QString copyMethodExplanation(const QString &method);

protected:
    [[nodiscard]] QList<DraftFinding> findings() const override;
    void showInventory() override;

private:
    void updateInfo();

    QComboBox *mNamespace = nullptr;
    QComboBox *mPvc = nullptr;
    QLabel *mPvcInfo = nullptr;
    QLabel *mCopyExplanation = nullptr;
    QLabel *mFindings = nullptr;
    QLabel *mError = nullptr;
    bool mInitialized = false;
};
