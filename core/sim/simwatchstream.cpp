// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simwatchstream.h"

#include "sim/simhttpconnection.h"
#include "sim/simresourceinfo.h"
#include "sim/simstatus.h"
#include "sim/simtable.h"

#include <QJsonDocument>
#include <QTimer>

SimWatchStream::SimWatchStream(
    SimHttpConnection *connection, SimStore *store, const SimWatchSpec &spec, int dropAfterSeconds, QObject *parent)
    : QObject(parent)
    , mConnection(connection)
    , mStore(store)
    , mSpec(spec)
    , mDropAfterSeconds(dropAfterSeconds)
    , mBookmarkTimer(new QTimer(this))
{
    connect(connection, &SimHttpConnection::closed, this, &SimWatchStream::finish);
    mBookmarkTimer->setInterval(qBound(1000, spec.timeoutSeconds * 1000 / 3, 30000));
    connect(mBookmarkTimer, &QTimer::timeout, this, &SimWatchStream::sendBookmark);
}

SimWatchStream::~SimWatchStream() = default;

void SimWatchStream::setBookmarkInterval(int milliseconds)
{
    mBookmarkTimer->setInterval(qMax(10, milliseconds));
}

void SimWatchStream::start()
{
    if (!mConnection || !mStore) {
        finish();
        return;
    }
    mConnection->beginChunked(200, "application/json");
    mLastVersion = mStore->resourceVersion();
    if (mSpec.sendInitialEvents) {
        const QList<QJsonObject> objects = mStore->list(mSpec.info->plural, mSpec.ns);
        for (const QJsonObject &object : objects) {
            if (mSpec.matches(object))
                sendEvent(QStringLiteral("ADDED"), object);
        }
    } else {
        const std::optional<QList<SimWatchEvent>> events
            = mStore->eventsSince(mSpec.info->plural, mSpec.resourceVersion);
        if (!events) {
            const QJsonObject status
                = SimStatus::expired(mSpec.resourceVersion, mStore->oldestResumableVersion(mSpec.info->plural));
            mConnection->sendChunk("{\"type\":\"ERROR\",\"object\":" + SimStatus::toJson(status) + "}\n");
            mConnection->endChunked();
            finish();
            return;
        }
        for (const SimWatchEvent &event : *events) {
            if (mSpec.matches(event.object))
                sendEvent(simEventTypeName(event.type), event.object);
        }
    }
    mSelectorsEmpty = mSpec.labels.isEmpty() && mSpec.fields.isEmpty();
    for (const QJsonObject &object : mStore->list(mSpec.info->plural, mSpec.ns)) {
        if (mSpec.matches(object))
            mMatching.insert(keyOf(object), object);
    }
    connect(mStore, &SimStore::changed, this, &SimWatchStream::onChanged);
    if (mSpec.bookmarks)
        mBookmarkTimer->start();
    QTimer::singleShot(mSpec.timeoutSeconds * 1000, this, [this] {
        if (mFinished || !mConnection)
            return;
        if (mSpec.bookmarks)
            sendBookmark();
        mConnection->endChunked();
        finish();
    });
    if (mDropAfterSeconds > 0) {
        QTimer::singleShot(mDropAfterSeconds * 1000, this, [this] {
            if (mConnection)
                mConnection->abort();
            finish();
        });
    }
}

QString SimWatchStream::keyOf(const QJsonObject &object)
{
    const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    return meta.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
        + meta.value(QStringLiteral("name")).toString();
}

void SimWatchStream::onChanged(const QString &resource, SimEventType type, const QJsonObject &object)
{
    if (mFinished || resource != mSpec.info->plural)
        return;
    if (mStore)
        mLastVersion = mStore->resourceVersion();
    // As the apiserver's watch cache: an object that starts matching the selectors is ADDED, one that stops
    // matching is DELETED with its previous content and the new resourceVersion.
    const QString key = keyOf(object);
    const bool matches = mSpec.matches(object);
    const auto known = mMatching.constFind(key);
    if (type == SimEventType::Deleted) {
        if (known != mMatching.cend() || matches)
            sendEvent(QStringLiteral("DELETED"), object);
        mMatching.remove(key);
        return;
    }
    if (matches) {
        sendEvent(known != mMatching.cend() || (type == SimEventType::Modified && mSelectorsEmpty)
                ? QStringLiteral("MODIFIED")
                : QStringLiteral("ADDED"),
            object);
        mMatching.insert(key, object);
    } else if (known != mMatching.cend()) {
        QJsonObject previous = *known;
        QJsonObject meta = previous.value(QStringLiteral("metadata")).toObject();
        meta.insert(QStringLiteral("resourceVersion"),
            object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("resourceVersion")));
        previous.insert(QStringLiteral("metadata"), meta);
        mMatching.remove(key);
        sendEvent(QStringLiteral("DELETED"), previous);
    }
}

void SimWatchStream::sendEvent(const QString &type, const QJsonObject &stored)
{
    if (!mConnection)
        return;
    const QJsonObject object = mSpec.present ? mSpec.present(stored) : stored;
    QByteArray line = "{\"type\":\"" + type.toLatin1() + "\",\"object\":";
    if (mSpec.table && type != QLatin1String("BOOKMARK")) {
        const QString version
            = object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("resourceVersion")).toString();
        line += QJsonDocument(SimTable::table(*mSpec.info, {stored}, version, mSpec.includeObject,
                                  mStore ? mStore->now() : QDateTime::currentDateTimeUtc()))
                    .toJson(QJsonDocument::Compact);
    } else {
        // Every stream of a cluster sends the same bytes for one change: serialise it once.
        struct Cached {
            const SimStore *store = nullptr;
            QString key;
            QByteArray json;
        };
        static Cached cache;
        // uid too: a later store at the same address may hold another object of that name and version.
        const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
        const QString key = type + QLatin1Char('/') + object.value(QStringLiteral("apiVersion")).toString()
            + QLatin1Char('/') + meta.value(QStringLiteral("uid")).toString() + QLatin1Char('/')
            + SimWatchStream::keyOf(object) + QLatin1Char('/')
            + meta.value(QStringLiteral("resourceVersion")).toString();
        if (type == QLatin1String("BOOKMARK") || cache.store != mStore.data() || cache.key != key) {
            cache.store = mStore.data();
            cache.key = key;
            cache.json = QJsonDocument(object).toJson(QJsonDocument::Compact);
        }
        line += cache.json;
    }
    line += "}\n";
    mConnection->sendChunk(line);
}

void SimWatchStream::sendBookmark()
{
    if (!mConnection || mFinished)
        return;
    QJsonObject meta;
    meta.insert(QStringLiteral("resourceVersion"), QString::number(mStore ? mStore->resourceVersion() : mLastVersion));
    QJsonObject object;
    object.insert(QStringLiteral("apiVersion"), mSpec.info->apiVersion());
    object.insert(QStringLiteral("kind"), mSpec.info->kind);
    object.insert(QStringLiteral("metadata"), meta);
    sendEvent(QStringLiteral("BOOKMARK"), object);
}

void SimWatchStream::finish()
{
    if (mFinished)
        return;
    mFinished = true;
    mBookmarkTimer->stop();
    if (mStore)
        disconnect(mStore, nullptr, this, nullptr);
    deleteLater();
}
