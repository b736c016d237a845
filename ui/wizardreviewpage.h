// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/dryruncheck.h"

#include <QPointer>
#include <QWizardPage>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class ReplicationDryRunJob;

/// Wizard page 6: a summary in words; the server's verdict on each object Apply will create (a dry run with
/// `dryRun=All`, started when the page is shown, again with "Check Again"); the YAML of the
/// ReplicationDestination, the key Secret (values masked) and the ReplicationSource exactly as the engine
/// builds them; and the volsyncctl commands that do the same (copyable). Apply stays disabled until the dry
/// run has passed: a refused object would make Apply stop half-way, so the reason is shown instead.
class WizardReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardReviewPage(QWidget *parent = nullptr);
    ~WizardReviewPage() override;

    void initializePage() override;
    void cleanupPage() override;
    [[nodiscard]] bool isComplete() const override;

    [[nodiscard]] QString summary() const;
    [[nodiscard]] QString commands() const;
    /// The YAML shown for "ReplicationDestination", "Secret" or "ReplicationSource".
    [[nodiscard]] QString yaml(const QString &kind) const;
    /// The dry run's line for each object, as shown ("Accepted: ReplicationDestination …").
    [[nodiscard]] QStringList checkTexts() const;
    /// The overall dry-run status line (plain text).
    [[nodiscard]] QString checkStatus() const;
    /// Every text the page shows (summary, checks, YAML, commands), e.g. to prove no key material is shown.
    [[nodiscard]] QString allText() const;
    [[nodiscard]] bool isChecking() const;
    [[nodiscard]] bool checksPassed() const { return mChecked && mPassed; }
    /// For an existing relationship: what changes, per cluster (as the summary shows it).
    [[nodiscard]] QList<std::pair<QString, QStringList>> changes() const { return mChanges; }

public Q_SLOTS:
    /// Runs the dry run again (the first run starts when the page is shown).
    void checkAgain();

Q_SIGNALS:
    /// The dry run has answered for every object; `passed`: none was refused.
    void dryRunFinished(bool passed);

private:
    void showObjects(const QList<DryRunCheck> &checks);
    void showCheck(const DryRunCheck &check);
    void dryRunDone();
    void stopDryRun();
    QPlainTextEdit *addYamlTab(const QString &objectName, const QString &title);

    QLabel *mSummary = nullptr;
    QLabel *mCheckStatus = nullptr;
    QPushButton *mCheckAgain = nullptr;
    QTabWidget *mTabs = nullptr;
    QListWidget *mChecks = nullptr;
    QPlainTextEdit *mDestinationYaml = nullptr;
    QPlainTextEdit *mSecretYaml = nullptr;
    QPlainTextEdit *mSourceYaml = nullptr;
    QPlainTextEdit *mCommands = nullptr;
    QPointer<ReplicationDryRunJob> mJob;
    QList<std::pair<QString, QStringList>> mChanges;
    bool mChecked = false;
    bool mPassed = false;
};
