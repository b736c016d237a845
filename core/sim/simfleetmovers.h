// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

class QTimer;
class SimClock;
class SimStore;
enum class SimEventType;

/// Operates the movers the simulated VolSync operator leaves alone (restic, rclone, syncthing) for the objects
/// that carry the annotation sim.volsync-desktop/fleet-behaviour (the `fleet` world's unmanaged objects):
/// - a cron schedule (spec.trigger.schedule, UTC) or a changed manual trigger starts a run; spec.paused stops
///   new runs; a run takes kRunSeconds simulated seconds, then sets lastSyncTime, lastSyncDuration,
///   nextSyncTime, latestMoverStatus and the Synchronizing condition as VolSync does;
/// - the annotation's value says how runs end: "ok", "fail" (every run fails: latestMoverStatus Failed and
///   Synchronizing False/Error, retried on the schedule) or "stuck" (a run starts and never ends, so the lag grows
///   until the annotation changes);
/// - syncthing has no schedule and no lastSyncTime: it only gets its Synchronizing condition.
/// Time is the operator's SimClock, so schedules keep firing under --time-scale.
class SimFleetMovers : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kBehaviourAnnotation = "sim.volsync-desktop/fleet-behaviour";
    static constexpr qint64 kRunSeconds = 30;

    SimFleetMovers(const SimClock *clock, QObject *parent = nullptr);
    ~SimFleetMovers() override;

    /// Starts operating the annotated objects of `store` (those there now and those created later).
    void addStore(SimStore *store);
    /// True when `object` is one this class operates (the simulated operator then leaves it alone).
    [[nodiscard]] static bool operates(const QJsonObject &object);

    [[nodiscard]] int runsStarted() const { return mRunsStarted; }

private:
    struct Mover {
        QPointer<SimStore> store;
        QString resource;
        QString ns;
        QString name;
        QDateTime runEnds; ///< invalid: no run
    };
    void onChanged(SimStore *store, const QString &resource, SimEventType type, const QJsonObject &object);
    void tick();
    void step(Mover &mover);
    void startRun(Mover &mover);
    void endRun(Mover &mover, const QJsonObject &object);

    const SimClock *mClock;
    QTimer *mTimer;
    QHash<QString, Mover> mMovers; ///< by cluster/resource/namespace/name
    int mRunsStarted = 0;
};
