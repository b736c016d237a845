// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simapiserver.h"

#include "common/logging.h"
#include "sim/simapihandler.h"
#include "sim/simhttpconnection.h"
#include "sim/simpodlogstream.h"
#include "sim/simresourceinfo.h"
#include "sim/simscenarios.h"
#include "sim/simstatus.h"
#include "sim/simstore.h"
#include "sim/simwatchstream.h"

#include <QDateTime>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>

SimApiServer::SimApiServer(SimCluster *cluster, QObject *parent)
    : QObject(parent)
    , mCluster(cluster)
    , mHandler(std::make_unique<SimApiHandler>(cluster))
    , mResumeTimer(new QTimer(this))
{
    mResumeTimer->setSingleShot(true);
    connect(mResumeTimer, &QTimer::timeout, this, &SimApiServer::applyFaults);
    // Queued: the admin answer that changed the faults goes out before connections are refused.
    connect(cluster, &SimCluster::faultsChanged, this, &SimApiServer::applyFaults, Qt::QueuedConnection);
}

SimApiServer::~SimApiServer()
{
    close();
}

bool SimApiServer::isListening() const
{
    return mServer && mServer->isListening();
}

int SimApiServer::connectionCount() const
{
    int count = 0;
    for (const QPointer<SimHttpConnection> &connection : mConnections) {
        if (connection)
            ++count;
    }
    return count;
}

bool SimApiServer::listen(const QSslConfiguration &configuration, quint16 port, QString *error)
{
    mConfiguration = configuration;
    mConfiguration.setPeerVerifyMode(QSslSocket::QueryPeer);
    mPort = port;
    mClosed = false;
    if (!startListening(error))
        return false;
    applyFaults();
    return true;
}

bool SimApiServer::startListening(QString *error)
{
    if (mServer && mServer->isListening())
        return true;
    delete mServer;
    mServer = new QSslServer(this);
    mServer->setSslConfiguration(mConfiguration);
    mServer->setMaxPendingConnections(1000);
    connect(mServer, &QSslServer::pendingConnectionAvailable, this, &SimApiServer::onPendingConnection);
    connect(mServer, &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) {
        qCDebug(lcSim) << "TLS connection failed:" << socket->errorString();
    });
    if (!mServer->listen(QHostAddress::LocalHost, mPort)) {
        if (error) {
            *error = QStringLiteral("Simulated cluster %1 cannot listen on 127.0.0.1:%2: %3")
                         .arg(mCluster->name())
                         .arg(mPort)
                         .arg(mServer->errorString());
        }
        return false;
    }
    mPort = mServer->serverPort();
    return true;
}

void SimApiServer::close()
{
    mClosed = true;
    mResumeTimer->stop();
    if (mServer)
        mServer->close();
    const QList<QPointer<SimHttpConnection>> connections = mConnections;
    mConnections.clear();
    for (const QPointer<SimHttpConnection> &connection : connections) {
        if (connection) {
            connection->abort();
            delete connection.data();
        }
    }
}

void SimApiServer::applyFaults()
{
    if (mClosed)
        return;
    // Down: cut every connection once (watches included); new API requests are closed unanswered in serve().
    if (mCluster->faults().down != mDown) {
        mDown = mCluster->faults().down;
        qCInfo(lcSim).noquote() << QStringLiteral("Simulated cluster %1 is %2")
                                       .arg(mCluster->name(), mDown ? QStringLiteral("down") : QStringLiteral("back"));
        if (mDown) {
            const QList<QPointer<SimHttpConnection>> connections = mConnections;
            mConnections.clear();
            for (const QPointer<SimHttpConnection> &connection : connections) {
                if (connection)
                    connection->close(); // graceful: the admin answer that set it still goes out
            }
        }
    }
    const QDateTime until = mCluster->faults().refuseUntil;
    const qint64 remaining = until.isValid() ? QDateTime::currentDateTimeUtc().msecsTo(until) : 0;
    if (remaining > 0) {
        if (!mRefusing) {
            qCInfo(lcSim).noquote() << QStringLiteral("Simulated cluster %1 refuses connections for %2 ms")
                                           .arg(mCluster->name())
                                           .arg(remaining);
            mRefusing = true;
            if (mServer)
                mServer->close();
            const QList<QPointer<SimHttpConnection>> connections = mConnections;
            mConnections.clear();
            // Graceful: the answer that set this fault (admin endpoint) still reaches its client.
            for (const QPointer<SimHttpConnection> &connection : connections) {
                if (connection)
                    connection->close();
            }
        }
        mResumeTimer->start(int(qMin<qint64>(remaining, 24 * 3600 * 1000)));
        return;
    }
    if (mRefusing) {
        QString error;
        if (!startListening(&error)) {
            qCWarning(lcSim).noquote() << error;
            mResumeTimer->start(200); // the port may still be held for a moment
            return;
        }
        mRefusing = false;
        qCInfo(lcSim).noquote()
            << QStringLiteral("Simulated cluster %1 accepts connections again").arg(mCluster->name());
    }
}

void SimApiServer::onPendingConnection()
{
    while (mServer && mServer->hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(mServer->nextPendingConnection());
        if (!socket)
            continue;
        if (mRefusing) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new SimHttpConnection(socket, this);
        // The Date header tells the cluster's time (the operator's scaled clock, through the store).
        if (SimStore *store = mCluster ? mCluster->store() : nullptr)
            connection->setClock([store] { return store->now(); });
        mConnections.append(connection);
        connect(connection, &SimHttpConnection::requestReceived, this,
            [this, connection](const SimHttpRequest &request) { onRequest(connection, request); });
        connect(connection, &SimHttpConnection::closed, this, [this, connection] {
            mConnections.removeAll(QPointer<SimHttpConnection>(connection));
            mConnections.removeAll(QPointer<SimHttpConnection>());
        });
    }
}

std::optional<SimUser> SimApiServer::authenticate(SimHttpConnection *connection, const SimHttpRequest &request) const
{
    QSslSocket *socket = connection->socket();
    if (socket) {
        const QSslCertificate peer = socket->peerCertificate();
        if (!peer.isNull() && socket->sslHandshakeErrors().isEmpty()) {
            SimUser user;
            user.name = peer.subjectInfo(QSslCertificate::CommonName).value(0);
            user.groups = peer.subjectInfo(QSslCertificate::Organization);
            user.groups.append(QStringLiteral("system:authenticated"));
            if (!user.name.isEmpty())
                return user;
        }
        if (!peer.isNull())
            return std::nullopt; // a certificate this cluster's CA did not sign: 401, not anonymous
    }
    const QByteArray authorization = request.header("authorization");
    if (authorization.startsWith("Bearer ")) {
        const QString token = QString::fromUtf8(authorization.mid(7).trimmed());
        const auto it = mCluster->tokens().constFind(token);
        if (it != mCluster->tokens().cend()) {
            SimUser user = *it;
            user.groups.append(QStringLiteral("system:authenticated"));
            return user;
        }
        return std::nullopt;
    }
    if (!authorization.isEmpty())
        return std::nullopt;
    // No credentials at all: kube-apiserver's default --anonymous-auth=true makes this system:anonymous, whom RBAC
    // allows only the public health and version endpoints.
    SimUser anonymous;
    anonymous.name = QStringLiteral("system:anonymous");
    anonymous.groups = {QStringLiteral("system:unauthenticated")};
    return anonymous;
}

void SimApiServer::onRequest(SimHttpConnection *connection, const SimHttpRequest &request)
{
    const std::optional<SimUser> user = authenticate(connection, request);
    if (!user) {
        connection->respond(SimApiHandler::jsonResponse(401, SimStatus::unauthorized()));
        return;
    }
    SimUser effective = *user;
    const QByteArray impersonated = request.header("impersonate-user");
    if (!impersonated.isEmpty()) {
        // Impersonation needs the right to impersonate users: cluster admins (system:masters) have it.
        const QString name = QString::fromUtf8(impersonated);
        if (!user->groups.contains(QStringLiteral("system:masters"))) {
            QJsonObject details;
            details.insert(QStringLiteral("name"), name);
            details.insert(QStringLiteral("kind"), QStringLiteral("users"));
            connection->respond(SimApiHandler::jsonResponse(403,
                SimStatus::failure(403, QStringLiteral("Forbidden"),
                    QStringLiteral("users \"%1\" is forbidden: User \"%2\" cannot impersonate resource \"users\" in "
                                   "API group \"\" at the cluster scope")
                        .arg(name, user->name),
                    details)));
            return;
        }
        effective = SimUser {name, QString(), {}};
        const QByteArray groups = request.header("impersonate-group");
        for (const QByteArray &group : groups.split(',')) {
            if (!group.trimmed().isEmpty())
                effective.groups.append(QString::fromUtf8(group.trimmed()));
        }
        effective.groups.append(QStringLiteral("system:authenticated"));
    }
    const bool admin = request.path.startsWith(QLatin1String("/_sim/"));
    const SimFaults faults = mCluster->faults();
    QPointer<SimHttpConnection> guard(connection);
    if (!admin && faults.latencyMs > 0) {
        QTimer::singleShot(
            faults.latencyMs, this, [this, guard, request, effective] { serve(guard, request, effective); });
        return;
    }
    serve(guard, request, effective);
}

void SimApiServer::serve(
    const QPointer<SimHttpConnection> &connection, const SimHttpRequest &request, const SimUser &user)
{
    if (!connection)
        return;
    const bool admin = request.path.startsWith(QLatin1String("/_sim/"));
    if (!admin && mCluster->faults().down) {
        connection->abort();
        return;
    }
    if (!admin) {
        const SimFaults faults = mCluster->faults();
        QRandomGenerator *random = QRandomGenerator::global();
        if (faults.throttleRate > 0 && random->generateDouble() < faults.throttleRate) {
            SimHttpResponse response
                = SimApiHandler::jsonResponse(429, SimStatus::tooManyRequests(faults.retryAfterSeconds));
            response.headers.insert("Retry-After", QByteArray::number(faults.retryAfterSeconds));
            connection->respond(response);
            return;
        }
        if (faults.serverErrorRate > 0 && random->generateDouble() < faults.serverErrorRate) {
            connection->respond(SimApiHandler::jsonResponse(
                500, SimStatus::internalError(QStringLiteral("simulated server error (fault injection)"))));
            return;
        }
        if (faults.unavailableRate > 0 && random->generateDouble() < faults.unavailableRate) {
            connection->respond(SimApiHandler::jsonResponse(
                503, SimStatus::serviceUnavailable(QStringLiteral("simulated outage (fault injection)"))));
            return;
        }
    }
    SimApiResult result = mHandler->handle(request, user, mPort);
    qCDebug(lcSim).noquote() << mCluster->name() << user.name << request.method << request.path
                             << (result.watch ? QStringLiteral("watch") : QString::number(result.response.code));
    if (result.logFollow) {
        auto *stream = new SimPodLogStream(connection, mCluster->store(), *result.logFollow, this);
        stream->start();
        return;
    }
    if (!result.watch) {
        if (request.method == "HEAD")
            result.response.body.clear();
        const QJsonObject skew = SimScenarios::of(mCluster->store())->find(QStringLiteral("clockSkew"), {}, {});
        if (!skew.isEmpty()) {
            // A cluster whose clock is off: its answers are dated by that clock.
            const QDateTime skewed
                = mCluster->store()->now().addSecs(qint64(skew.value(QStringLiteral("offsetSeconds")).toDouble()));
            result.response.headers.insert("Date", SimHttpConnection::httpDate(skewed));
        }
        connection->respond(result.response);
        return;
    }
    auto *stream
        = new SimWatchStream(connection, mCluster->store(), *result.watch, mCluster->faults().dropWatchSeconds, this);
    if (mBookmarkIntervalMs > 0)
        stream->setBookmarkInterval(mBookmarkIntervalMs);
    stream->start();
    ++mWatchesStarted[result.watch->info->plural];
}
