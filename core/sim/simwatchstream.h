// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simapihandler.h"
#include "sim/simstore.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

class QTimer;

class SimHttpConnection;

/// One watch answer: a chunked stream of {"type","object"} JSON lines on a connection, fed by the store.
/// Ends after timeoutSeconds (with a last bookmark when asked), drops the connection when the fault says so,
/// and deletes itself when the connection goes away.
class SimWatchStream : public QObject
{
    Q_OBJECT
public:
    SimWatchStream(SimHttpConnection *connection, SimStore *store, const SimWatchSpec &spec, int dropAfterSeconds,
        QObject *parent = nullptr);
    ~SimWatchStream() override;

    /// Sends the initial or replayed events (or the 410 ERROR event) and starts following the store.
    void start();
    /// How often bookmarks are sent when allowed (default: a third of the timeout, between 1 and 30 s).
    void setBookmarkInterval(int milliseconds);

private:
    void onChanged(const QString &resource, SimEventType type, const QJsonObject &object);
    void sendEvent(const QString &type, const QJsonObject &stored);
    void sendBookmark();
    void finish();
    [[nodiscard]] static QString keyOf(const QJsonObject &object);

    QPointer<SimHttpConnection> mConnection;
    QPointer<SimStore> mStore;
    SimWatchSpec mSpec;
    int mDropAfterSeconds = 0;
    QTimer *mBookmarkTimer = nullptr;
    qint64 mLastVersion = 0;
    /// "ns/name" -> the last state the client saw, of the objects matching the selectors
    QHash<QString, QJsonObject> mMatching;
    bool mSelectorsEmpty = true;
    bool mFinished = false;
};
