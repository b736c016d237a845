// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetservice.h"

#include "clustersession.h"
#include "fleetmonitor.h"
#include "fleetnotifier.h"
#include "fleetwebhook.h"
#include "kube/kubesession.h"
#include "relationshiprpotarget.h"
#include "relationshipstore.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>

#include <memory>

FleetService::FleetService(ClusterSession *session, QObject *parent)
    : QObject(parent)
    , mSession(session)
    , mMonitor(new FleetMonitor(session ? session->kubeSession() : nullptr, this))
    , mNotifier(new FleetNotifier(this))
    , mWebhook(new FleetWebhook(this))
{
    connect(mMonitor, &FleetMonitor::transitioned, mNotifier, &FleetNotifier::add);
    connect(mMonitor, &FleetMonitor::transitioned, mWebhook, &FleetWebhook::send);
    connect(mNotifier, &FleetNotifier::notified, this, &FleetService::notified);
    connect(mWebhook, &FleetWebhook::failed, this,
        [this](const QString &, const QString &message) { Q_EMIT webhookFailed(message); });
    // A reload of the kubeconfig replaces the session's clients: watch through the new ones. The monitor keeps
    // the last known states, so an unchanged entry is not told again.
    if (session && session->kubeSession())
        connect(session->kubeSession(), &KubeSession::reloaded, this, [this] {
            if (!mMonitor->contexts().isEmpty())
                mMonitor->start();
        });
}

FleetService::~FleetService() = default;

void FleetService::start(const QList<ReplicationRelationship> &relationships)
{
    mMonitor->setRelationships(relationships);
    mMonitor->start();
}

void FleetService::setRelationships(const QList<ReplicationRelationship> &relationships)
{
    mMonitor->setRelationships(relationships);
}

void FleetService::setMuted(const QString &key, bool muted)
{
    mNotifier->setMuted(key, muted);
    mWebhook->setMuted(mNotifier->muted());
}

void FleetService::setMuted(const QSet<QString> &keys)
{
    mNotifier->setMuted(keys);
    mWebhook->setMuted(keys);
}

QSet<QString> FleetService::muted() const
{
    return mNotifier->muted();
}

bool FleetService::isValidWebhookUrl(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return true;
    const QUrl url(trimmed, QUrl::StrictMode);
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!url.isValid())
        return fail(QStringLiteral("The webhook URL is not a valid URL."));
    if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        return fail(QStringLiteral("The webhook URL must start with https:// (or http://)."));
    if (url.host().isEmpty())
        return fail(QStringLiteral("The webhook URL has no host."));
    return true;
}

bool FleetService::setWebhookUrl(const QString &text, QString *error)
{
    if (!isValidWebhookUrl(text, error))
        return false;
    mWebhook->setUrl(text.trimmed().isEmpty() ? QUrl() : QUrl(text.trimmed(), QUrl::StrictMode));
    return true;
}

QString FleetService::webhookUrl() const
{
    return mWebhook->url().toString();
}

QString FleetService::redactedWebhookUrl(const QString &text)
{
    const QUrl url(text.trimmed());
    if (!url.isValid() || url.isEmpty())
        return QString();
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

QString FleetService::rpoTargetText(qint64 seconds)
{
    if (seconds <= 0)
        return QString();
    QString text;
    if (seconds >= 3600)
        text += QStringLiteral("%1h").arg(seconds / 3600);
    if (seconds % 3600 >= 60)
        text += QStringLiteral("%1m").arg((seconds % 3600) / 60);
    if (seconds % 60)
        text += QStringLiteral("%1s").arg(seconds % 60);
    return text;
}

void FleetService::setRpoTarget(const RelationshipStore &store, const QString &name, const QString &text)
{
    QString error;
    qint64 seconds = 0;
    if (!text.trimmed().isEmpty()) {
        const std::optional<qint64> parsed = RelationshipRpoTarget::parse(text.trimmed(), &error);
        if (!parsed) {
            // Queued like the answer of the worker: the caller connects after calling.
            QMetaObject::invokeMethod(
                this, [this, name, error] { Q_EMIT rpoTargetSet(name, false, error); }, Qt::QueuedConnection);
            return;
        }
        seconds = *parsed;
    }
    // A locked read-modify-write of the file: not on the GUI thread. The watcher is a child: deleting the service
    // drops the answer.
    auto promise = std::make_shared<QPromise<QString>>();
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, name] {
        watcher->deleteLater();
        const QString writeError = watcher->future().resultCount() > 0 ? watcher->future().result() : QString();
        Q_EMIT rpoTargetSet(name, writeError.isEmpty(), writeError);
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, store, name, seconds] {
        QString writeError;
        if (!RelationshipRpoTarget::set(store, name, seconds, &writeError) && writeError.isEmpty())
            writeError = QStringLiteral("The RPO target of %1 could not be written.").arg(name);
        promise->addResult(writeError);
        promise->finish();
    });
}
