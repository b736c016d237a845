// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simevents.h"

#include "sim/simstore.h"

#include <QCryptographicHash>
#include <QHash>

#include <deque>

namespace {

QJsonObject reference(const QJsonObject &object)
{
    const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    QJsonObject ref {{QStringLiteral("kind"), object.value(QStringLiteral("kind"))},
        {QStringLiteral("namespace"), meta.value(QStringLiteral("namespace"))},
        {QStringLiteral("name"), meta.value(QStringLiteral("name"))},
        {QStringLiteral("uid"), meta.value(QStringLiteral("uid"))},
        {QStringLiteral("apiVersion"), object.value(QStringLiteral("apiVersion"))},
        {QStringLiteral("resourceVersion"), meta.value(QStringLiteral("resourceVersion"))}};
    return ref;
}

// kube-apiserver drops Events after --event-ttl (1 h); the simulator keeps the newest kMaxEvents of each cluster
// instead, so that a long run does not pile them up (every delete looks at every object for its owners).
constexpr size_t kMaxEvents = 1000;

struct Recorded {
    QString ns;
    QString name;
};

std::deque<Recorded> &recordedOf(SimStore *store)
{
    static QHash<SimStore *, std::deque<Recorded>> recorded;
    if (!recorded.contains(store)) {
        QObject::connect(store, &QObject::destroyed, [store] { recorded.remove(store); });
    }
    return recorded[store];
}

} // namespace

void SimEvents::record(SimStore *store, const QJsonObject &involved, Type type, const QString &reason,
    const QString &message, const QString &component, const QString &action, const QJsonObject &related)
{
    if (!store) {
        return;
    }
    const QJsonObject involvedRef = reference(involved);
    const QString ns = involvedRef.value(QStringLiteral("namespace")).toString();
    const QString involvedName = involvedRef.value(QStringLiteral("name")).toString();
    if (ns.isEmpty() || involvedName.isEmpty()) {
        return;
    }
    const QString typeName = type == Type::Warning ? QStringLiteral("Warning") : QStringLiteral("Normal");
    const QString now = SimStore::formatTimestamp(store->now());
    // The correlator's key: same object, reason, message and reporter count up one Event.
    const QByteArray digest = QCryptographicHash::hash(
        (involvedRef.value(QStringLiteral("uid")).toString() + reason + message + component).toUtf8(),
        QCryptographicHash::Sha1)
                                  .toHex()
                                  .left(16);
    const QString name = involvedName + QLatin1Char('.') + QString::fromLatin1(digest);
    if (const auto existing = store->get(QStringLiteral("events"), ns, name)) {
        QJsonObject updated = *existing;
        updated.insert(QStringLiteral("count"), existing->value(QStringLiteral("count")).toInt(1) + 1);
        updated.insert(QStringLiteral("lastTimestamp"), now);
        QJsonObject meta = updated.value(QStringLiteral("metadata")).toObject();
        meta.remove(QStringLiteral("resourceVersion"));
        updated.insert(QStringLiteral("metadata"), meta);
        store->update(QStringLiteral("events"), ns, updated);
        return;
    }
    QJsonObject event {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Event")},
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}},
        {QStringLiteral("involvedObject"), involvedRef}, {QStringLiteral("reason"), reason},
        {QStringLiteral("message"), message}, {QStringLiteral("type"), typeName},
        {QStringLiteral("source"), QJsonObject {{QStringLiteral("component"), component}}},
        {QStringLiteral("firstTimestamp"), now}, {QStringLiteral("lastTimestamp"), now}, {QStringLiteral("count"), 1},
        {QStringLiteral("reportingComponent"), component}, {QStringLiteral("reportingInstance"), QString()},
        {QStringLiteral("eventTime"), QJsonValue()}};
    if (!action.isEmpty()) {
        event.insert(QStringLiteral("action"), action);
    }
    if (!related.isEmpty()) {
        event.insert(QStringLiteral("related"), reference(related));
    }
    if (store->create(QStringLiteral("events"), ns, event).ok()) {
        std::deque<Recorded> &recorded = recordedOf(store);
        recorded.push_back({ns, name});
        while (recorded.size() > kMaxEvents) {
            store->remove(QStringLiteral("events"), recorded.front().ns, recorded.front().name);
            recorded.pop_front();
        }
    }
}
