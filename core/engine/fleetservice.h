// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleetentry.h"
#include "replicationrelationship.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QUrl>

#include <functional>

class ClusterSession;
class FleetMonitor;
class FleetNotifier;
class FleetWebhook;
class RelationshipStore;

/// The fleet as the desktop uses it: the fleet monitor of a ClusterSession's clusters, its transitions told through
/// the notifier (coalesced, per-entry mute) and the optional webhook, and the settings a person changes from the
/// Fleet view (mute, webhook URL, a relationship's RPO target). The GUI shows monitor() through FleetModel and
/// forwards clicks here; it never reaches the clusters itself.
class FleetService : public QObject
{
    Q_OBJECT
public:
    /// Watches the clusters of `session` (which must outlive the service) once start() is called.
    explicit FleetService(ClusterSession *session, QObject *parent = nullptr);
    ~FleetService() override;

    [[nodiscard]] FleetMonitor *monitor() const { return mMonitor; }
    [[nodiscard]] FleetNotifier *notifier() const { return mNotifier; }
    [[nodiscard]] FleetWebhook *webhook() const { return mWebhook; }

    /// Joins the clusters with these relationship files (again whenever they change) and watches every context.
    void start(const QList<ReplicationRelationship> &relationships);
    void setRelationships(const QList<ReplicationRelationship> &relationships);

    /// Mutes (or unmutes) the notifications and webhook posts of entry `key` (FleetEntry::key).
    void setMuted(const QString &key, bool muted);
    void setMuted(const QSet<QString> &keys);
    [[nodiscard]] QSet<QString> muted() const;
    [[nodiscard]] bool isMuted(const QString &key) const { return muted().contains(key); }

    /// Checks a webhook URL as typed: empty (no webhook), or an absolute http(s) URL with a host. `error` says what
    /// is wrong without repeating the URL (it may carry a token).
    [[nodiscard]] static bool isValidWebhookUrl(const QString &text, QString *error);
    /// Sets the webhook (empty: none); false with `error` when the text is not a valid URL.
    bool setWebhookUrl(const QString &text, QString *error);
    [[nodiscard]] QString webhookUrl() const;
    /// The URL without user info, path or query, for showing (tokens live there).
    [[nodiscard]] static QString redactedWebhookUrl(const QString &text);

    /// A target as a person types it and RelationshipRpoTarget::parse() reads it: "45m", "4h", "1h30m"; "" for 0.
    [[nodiscard]] static QString rpoTargetText(qint64 seconds);
    /// Sets (seconds > 0) or clears (0) relationship `name`'s RPO target in its file, on a worker thread;
    /// rpoTargetSet() follows. `text` is a Go duration ("30m", "4h") or empty to clear.
    void setRpoTarget(const RelationshipStore &store, const QString &name, const QString &text);

Q_SIGNALS:
    /// A transition to tell (FleetNotifier::notified): tray and status bar.
    void notified(const QString &title, const QString &message, bool alarming);
    /// The webhook gave up on a transition (the message names the URL redacted).
    void webhookFailed(const QString &message);
    /// After setRpoTarget(): ok, or the reason it was not set.
    void rpoTargetSet(const QString &name, bool ok, const QString &error);

private:
    QPointer<ClusterSession> mSession;
    FleetMonitor *mMonitor = nullptr;
    FleetNotifier *mNotifier = nullptr;
    FleetWebhook *mWebhook = nullptr;
};
