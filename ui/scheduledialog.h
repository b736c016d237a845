// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QPointer>

class OperationTracker;
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class ReplicationEngine;
struct ReplicationResult;
class ScheduleEditor;

/// Changes a relationship's schedule through the engine (`schedule`), or makes it manual-only (a manual
/// sync that leaves the source on the manual trigger, as upstream does). Shows the steps and the result.
class ScheduleDialog : public QDialog
{
    Q_OBJECT
public:
    /// `offerPrivilegedMovers`: whether the relationship's mover needs the privileged-movers annotation
    /// (rsync over SSH does, rsync-TLS does not; ReplicationRelationship::needsPrivilegedMovers()).
    ScheduleDialog(ReplicationEngine *engine, OperationTracker *tracker, const QString &name,
        const QString &currentSpec, bool offerPrivilegedMovers, QWidget *parent = nullptr);
    ~ScheduleDialog() override;

    [[nodiscard]] ScheduleEditor *editor() const { return mEditor; }
    /// Applies the choice (what the Apply button does).
    void apply();
    [[nodiscard]] bool isRunning() const;

Q_SIGNALS:
    /// The job ended; `ok` when the schedule is in place.
    void applied(bool ok);

protected:
    void reject() override;

private:
    void updateButtons();
    void onOperationFinished(int id, const ReplicationResult &result);

    QPointer<ReplicationEngine> mEngine;
    OperationTracker *mTracker = nullptr;
    QString mName;
    ScheduleEditor *mEditor = nullptr;
    QCheckBox *mAnnotate = nullptr;
    QLabel *mProgress = nullptr;
    QDialogButtonBox *mButtons = nullptr;
    int mOperation = 0; ///< keeps running in the tracker when the dialog closes
};
