// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QPointer>

class OperationTracker;
class OperationStepsView;
class QLineEdit;
class QPushButton;
class ReplicationEngine;

/// Fail Back…: a thin view over the engine's ReplicationFailbackJob. It says what fail back does (the reverse
/// relationship from the promoted PVC into the original PVC, synced once; a planned failover of it moves the
/// workload home), takes the reverse relationship's name, then runs the job through the OperationTracker and
/// shows its live steps (each saying which side is primary) and the result. Closing the dialog leaves a running
/// operation in the tracker.
class FailbackDialog : public QDialog
{
    Q_OBJECT
public:
    FailbackDialog(
        ReplicationEngine *engine, OperationTracker *tracker, const QString &name, QWidget *parent = nullptr);
    ~FailbackDialog() override;

    void setReverseName(const QString &name);
    /// Runs the operation (what the Fail Back button does).
    void confirm();

    [[nodiscard]] bool isDone() const { return mDone; }
    [[nodiscard]] QStringList steps() const;
    [[nodiscard]] QString resultText() const;

Q_SIGNALS:
    void finishedRunning(bool ok);

private:
    void updateButtons();

    QPointer<ReplicationEngine> mEngine;
    OperationTracker *mTracker = nullptr;
    QString mName;
    QLineEdit *mReverseName = nullptr;
    QPushButton *mConfirm = nullptr;
    OperationStepsView *mRun = nullptr;
    bool mDone = false;
};
