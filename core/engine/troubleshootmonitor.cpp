// SPDX-License-Identifier: GPL-3.0-or-later
#include "troubleshootmonitor.h"

#include "moverlogfollower.h"
#include "replicationdiagnosis.h"
#include "replicationengine.h"
#include "supportbundle.h"
#include "troubleshoottimeline.h"

#include "common/regularfile.h"
#include "kube/kubeinformerfactory.h"
#include "kube/kubeinformerview.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <limits>
#include <memory>

namespace {

/// An Event's identity across reads: its side, object, reason and message (the count and time change).
QString eventKey(const TroubleshootEvent &event)
{
    return event.role + QLatin1Char('|') + event.objectKind + QLatin1Char('/') + event.objectName + QLatin1Char('|')
        + event.reason + QLatin1Char('|') + event.message + QLatin1Char('|') + QString::number(event.count);
}

} // namespace

TroubleshootMonitor::TroubleshootMonitor(
    KubeSession *session, const QList<TroubleshootTarget> &targets, QObject *parent)
    : QObject(parent)
    , mSession(session)
    , mTargets(targets)
    , mPeriodic(new QTimer(this))
    , mDebounce(new QTimer(this))
{
    mPeriodic->setInterval(15000);
    connect(mPeriodic, &QTimer::timeout, this, &TroubleshootMonitor::refresh);
    mDebounce->setSingleShot(true);
    mDebounce->setInterval(300);
    connect(mDebounce, &QTimer::timeout, this, &TroubleshootMonitor::refresh);
}

TroubleshootMonitor::~TroubleshootMonitor()
{
    for (const QPointer<MoverLogFollower> &follower : std::as_const(mFollowers)) {
        if (follower) {
            follower->stop();
        }
    }
    qDeleteAll(mEventViews); // releases the shared informers
}

void TroubleshootMonitor::setRelationship(const QString &name, const QString &schedule, const QString &filePath)
{
    mRelationship = name;
    mSchedule = schedule;
    mFilePath = filePath;
}

void TroubleshootMonitor::setRefreshIntervalMs(int milliseconds)
{
    mPeriodic->setInterval(milliseconds);
    if (milliseconds <= 0) {
        mPeriodic->stop();
    } else if (mStarted) {
        mPeriodic->start();
    }
}

void TroubleshootMonitor::setFollowLogs(bool follow, qint64 tailLines)
{
    mFollowLogs = follow;
    mTailLines = tailLines;
}

void TroubleshootMonitor::start()
{
    if (mStarted) {
        return;
    }
    mStarted = true;
    if (mPeriodic->interval() > 0) {
        mPeriodic->start();
    }
    watchEvents();
    collect();
}

void TroubleshootMonitor::refresh()
{
    if (!mStarted) {
        return;
    }
    if (mCollector) {
        mAgain = true;
        return;
    }
    collect();
}

void TroubleshootMonitor::watchEvents()
{
    if (!mSession) {
        return;
    }
    for (const TroubleshootTarget &target : std::as_const(mTargets)) {
        KubeClient *client = ReplicationEngine::clientFor(mSession, target.context);
        if (!client) {
            continue;
        }
        // The session's Event informer (shared with every other view of Events in that cluster).
        auto *view = new KubeInformerView(
            mSession->informers(), client, KubeResource::events(), target.namespaceName, QString(), nullptr);
        connect(view, &KubeInformerView::changed, this, [this] {
            // One read for a burst, and at least one per interval while Events keep coming.
            if (!mDebounce->isActive()) {
                mDebounce->start();
            }
        });
        mEventViews.append(view);
    }
}

void TroubleshootMonitor::collect()
{
    mAgain = false;
    mCollector = new TroubleshootCollector(mSession, mTargets, this);
    mCollector->setRelationship(mRelationship, mSchedule);
    connect(mCollector, &TroubleshootCollector::finished, this, &TroubleshootMonitor::onCollected);
    mCollector->start();
}

void TroubleshootMonitor::onCollected()
{
    TroubleshootCollector *collector = mCollector;
    mCollector = nullptr;
    if (!collector) {
        return;
    }
    mSnapshot = collector->snapshot();
    collector->deleteLater();
    mHasSnapshot = true;
    mFindings = ReplicationDiagnosis::diagnose(mSnapshot, QDateTime::currentDateTimeUtc());
    QSet<QString> known;
    for (const TroubleshootEvent &event : std::as_const(mEvents)) {
        known.insert(eventKey(event));
    }
    mEvents = TroubleshootEvent::timeline(mSnapshot);
    QList<TroubleshootEvent> added;
    for (const TroubleshootEvent &event : std::as_const(mEvents)) {
        if (!known.contains(eventKey(event))) {
            added.append(event);
        }
    }
    QList<TroubleshootTimelineEntry> addedLines;
    mTimeline = TroubleshootTimeline::merge(mTimeline, TroubleshootTimeline::fromSnapshot(mSnapshot), &addedLines);
    followLogs();
    Q_EMIT updated();
    if (!added.isEmpty()) {
        Q_EMIT eventsAdded(added);
    }
    if (!addedLines.isEmpty()) {
        Q_EMIT timelineAdded(addedLines);
    }
    if (mAgain) {
        collect();
    }
}

void TroubleshootMonitor::followLogs()
{
    if (!mFollowLogs || !mSession) {
        return;
    }
    for (const std::optional<TroubleshootSide> &side : {mSnapshot.source, mSnapshot.destination}) {
        if (!side || !side->object) {
            continue;
        }
        const QString job = side->moverJobName();
        const QPointer<MoverLogFollower> running = mFollowers.value(side->role);
        if (running && running->property("job").toString() == job) {
            continue;
        }
        if (running) {
            running->stop();
            running->deleteLater();
        }
        KubeClient *client = ReplicationEngine::clientFor(mSession, side->context);
        if (!client) {
            continue;
        }
        auto *follower = new MoverLogFollower(client, side->namespaceName, job, this);
        follower->setProperty("job", job);
        follower->setTailLines(mTailLines);
        // Follows on for as long as the monitor runs: a new run in place or a new pod of the Job is picked up.
        follower->setIdleTimeoutMs(std::numeric_limits<int>::max());
        follower->setPollIntervalMs(2000);
        const QString role = side->role;
        connect(
            follower, &MoverLogFollower::text, this, [this, role](const QString &text) { Q_EMIT logText(role, text); });
        connect(follower, &MoverLogFollower::runStarted, this,
            [this, role](const QString &pod, int restarts) { Q_EMIT logRunStarted(role, pod, restarts); });
        mFollowers.insert(role, follower);
        follower->start();
    }
}

void TroubleshootMonitor::saveBundle(const QString &path, const QByteArray &activityLog, const QString &appVersion)
{
    auto content = std::make_shared<SupportBundleContent>();
    content->snapshot = mSnapshot;
    content->findings = mFindings;
    content->activityLog = activityLog;
    content->appVersion = appVersion;
    const QString filePath = mFilePath;
    auto promise = std::make_shared<QPromise<QString>>();
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        const QString error = watcher->future().resultCount() > 0 ? watcher->future().result() : QString();
        watcher->deleteLater();
        Q_EMIT bundleWritten(path, error);
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, content, filePath, path] {
        QString error;
        if (!filePath.isEmpty()) {
            QByteArray file;
            QString readError;
            if (readRegularFile(filePath, 1024 * 1024, &file, &readError)) {
                content->relationshipFile = file;
            }
        }
        if (!SupportBundle::write(path, *content, &error) && error.isEmpty()) {
            error = QStringLiteral("cannot write the support bundle %1").arg(path);
        }
        promise->addResult(error);
        promise->finish();
    });
}
