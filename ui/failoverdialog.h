// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/disasterrecoveryoptions.h"
#include "engine/replicationfinding.h"
#include "engine/restorepoint.h"

#include <QDialog>
#include <QPointer>

class OperationStepsView;
class OperationTracker;
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QRadioButton;
class ReplicationEngine;
struct ReplicationResult;

/// Fail over… and Test failover…: a thin view over the engine's ReplicationFailoverJob. It shows the data's age
/// and the last sync, the choices (planned or unplanned, the target PVC, the restore point, keeping it), the
/// engine's dry run of what will happen (redone when a choice changes) and its pre-check findings; then runs the
/// job through the OperationTracker and shows its live steps and the result ("postgres-data is ready on cloud,
/// data as of …"). Closing the dialog leaves a running operation in the tracker.
class FailoverDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Kind { Failover, Test };

    FailoverDialog(ReplicationEngine *engine, OperationTracker *tracker, const QString &name, Kind kind,
        QWidget *parent = nullptr);
    ~FailoverDialog() override;

    /// The options the choices make (what the dry run and the run use).
    [[nodiscard]] FailoverOptions options() const;
    void setUnplanned(bool unplanned);
    /// A PVC name, or [context/]namespace/PVC (another namespace or cluster).
    void setTargetName(const QString &name);
    /// Runs the operation (what the Fail Over / Start Test button does).
    void confirm();

    [[nodiscard]] bool isPlanReady() const { return mPlanReady; }
    [[nodiscard]] bool isDone() const { return mDone; }
    [[nodiscard]] QStringList plan() const;
    [[nodiscard]] QStringList steps() const;
    [[nodiscard]] ReplicationFindings findings() const { return mFindings; }
    [[nodiscard]] QString resultText() const;

Q_SIGNALS:
    void planLoaded();
    void finishedRunning(bool ok);

private:
    void loadRestorePoints();
    void loadPlan();
    void showFindings();
    void updateButtons();
    [[nodiscard]] bool isRunning() const;

    QPointer<ReplicationEngine> mEngine;
    OperationTracker *mTracker = nullptr;
    QString mName;
    Kind mKind;
    QLabel *mIntro = nullptr;
    QLabel *mAge = nullptr;
    QRadioButton *mPlanned = nullptr;
    QRadioButton *mUnplanned = nullptr;
    QLineEdit *mTarget = nullptr;
    QCheckBox *mCreateNamespace = nullptr;
    QComboBox *mRestorePoint = nullptr;
    QCheckBox *mKeep = nullptr;
    QListWidget *mPlan = nullptr;
    QLabel *mFindingsLabel = nullptr;
    OperationStepsView *mRun = nullptr;
    QDialogButtonBox *mButtons = nullptr;
    int mPointsOperation = 0;
    int mPlanOperation = 0;
    int mRunOperation = 0; ///< the operation run (0 before, and again after a failure: it can be rerun)
    bool mPlanReady = false;
    bool mDone = false;
    ReplicationFindings mFindings;
    RestorePoints mPoints;
};
