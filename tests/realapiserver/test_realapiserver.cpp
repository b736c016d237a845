// SPDX-License-Identifier: GPL-3.0-or-later
// The differential tier: every case of diffcases.cpp is sent through our own client (core/kube) to the simulator
// (in-process, over TLS) and to a real kube-apiserver, and the answers are compared: status code, reason, kind,
// causes and the object fields that matter (see DiffNormalizer for what is made comparable).
// The real server comes from VOLSYNC_REAL_KUBECONFIG (start.sh's kubeconfig); `make test-real-apiserver` builds,
// starts and stops it.

#include "diffcase.h"
#include "diffnormalizer.h"

#include "engine/volsyncresources.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"

#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simulator.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

namespace {

const QString kLimitedUser = QStringLiteral("volsync-diff-limited");

/// One server under test: a client per identity, and how to give a user rights in a namespace.
struct DiffTarget {
    QString name;
    QHash<QString, KubeClient *> clients;
    std::function<bool(const QString &ns, const QString &user, QString *error)> grant;
    /// Waits until Pods may be created in `ns` (kube-apiserver: its default service account exists).
    std::function<bool(const QString &ns, QString *error)> awaitServiceAccount;
};

QString kubeconfigYaml(const QString &server, const QByteArray &caPem, const QString &adminToken)
{
    QString yaml = QStringLiteral("apiVersion: v1\nkind: Config\nclusters:\n- name: target\n  cluster:\n"
                                  "    server: %1\n    certificate-authority-data: %2\nusers:\n")
                       .arg(server, QString::fromLatin1(caPem.toBase64()));
    yaml += QStringLiteral("- name: admin\n  user:\n    token: %1\n").arg(adminToken);
    yaml += QStringLiteral("- name: bad-token\n  user:\n    token: not-a-token-this-server-knows\n");
    yaml += QStringLiteral("- name: anonymous\n  user: {}\n");
    yaml += QStringLiteral("- name: limited\n  user:\n    token: %1\n    as: %2\n").arg(adminToken, kLimitedUser);
    yaml += QStringLiteral("contexts:\n");
    for (const char *user : {"admin", "bad-token", "anonymous", "limited"})
        yaml += QStringLiteral("- name: %1\n  context:\n    cluster: target\n    user: %1\n").arg(QLatin1String(user));
    yaml += QStringLiteral("current-context: admin\n");
    return yaml;
}

QString substitute(QString text, const QString &ns, const QStringList &versions)
{
    text.replace(QStringLiteral("{ns}"), ns);
    text.replace(QStringLiteral("{rv}"), versions.isEmpty() ? QString() : versions.constLast());
    for (int i = 0; i < versions.size() && i < 10; ++i)
        text.replace(QStringLiteral("{rv%1}").arg(i), versions.at(i));
    return text;
}

KubeReply *waitFor(KubeReply *reply, int timeoutMs = 30000)
{
    reply->setAutoDelete(false);
    if (!reply->isFinished()) {
        QSignalSpy spy(reply, &KubeReply::finished);
        spy.wait(timeoutMs);
    }
    return reply;
}

/// {code, body}: the object of a success, the Status of a failure.
QJsonObject answerOf(KubeReply *reply)
{
    QJsonObject answer;
    if (!reply->isFinished()) {
        answer.insert(QStringLiteral("code"), -1);
        return answer;
    }
    if (reply->isOk()) {
        answer.insert(QStringLiteral("code"), reply->httpStatus());
        answer.insert(QStringLiteral("body"), reply->json());
        return answer;
    }
    const KubeError &error = reply->error();
    answer.insert(QStringLiteral("code"), error.code() != 0 ? error.code() : reply->httpStatus());
    if (error.kind() == KubeError::Kind::Status)
        answer.insert(QStringLiteral("body"), error.toStatus());
    else
        answer.insert(QStringLiteral("transportError"), error.message());
    return answer;
}

KubeResource resourceFor(const QString &path, const QString &plural)
{
    if (path.startsWith(QLatin1String("/apis/events.k8s.io/v1/")))
        return KubeResource {QStringLiteral("events.k8s.io"), QStringLiteral("v1"), QStringLiteral("events"),
            QStringLiteral("Event"), true};
    if (path.startsWith(QLatin1String("/apis/batch/v1/")))
        return KubeResource {QStringLiteral("batch"), QStringLiteral("v1"), plural, QStringLiteral("Job"), true};
    for (const KubeResource &resource : {KubeResource::namespaces(), KubeResource::persistentVolumeClaims(),
             KubeResource::secrets(), KubeResource::services(), KubeResource::pods(), KubeResource::events(),
             KubeResource::storageClasses(), KubeResource::volumeSnapshotClasses(), KubeResource::volumeSnapshots(),
             VolSyncResources::replicationSources(), VolSyncResources::replicationDestinations()}) {
        if (resource.resource == plural)
            return resource;
    }
    return {};
}

/// GET .../namespaces/NS/PLURAL?watch=1&... as a KubeRequest::watch.
std::optional<KubeRequest> watchRequest(const QString &pathAndQuery)
{
    const QString path = pathAndQuery.section(QLatin1Char('?'), 0, 0);
    const QUrlQuery query(pathAndQuery.section(QLatin1Char('?'), 1));
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const KubeResource resource = resourceFor(path, segments.value(segments.size() - 1));
    if (!resource.isValid())
        return std::nullopt;
    QString ns;
    const qsizetype nsIndex = segments.indexOf(QStringLiteral("namespaces"));
    if (resource.namespaced && nsIndex >= 0 && nsIndex + 1 < segments.size() - 1)
        ns = segments.at(nsIndex + 1);
    KubeRequest::ListOptions options;
    options.labelSelector = query.queryItemValue(QStringLiteral("labelSelector"), QUrl::FullyDecoded);
    options.fieldSelector = query.queryItemValue(QStringLiteral("fieldSelector"), QUrl::FullyDecoded);
    options.resourceVersion = query.queryItemValue(QStringLiteral("resourceVersion"));
    options.timeoutSeconds = query.queryItemValue(QStringLiteral("timeoutSeconds")).toInt();
    options.allowWatchBookmarks = query.queryItemValue(QStringLiteral("allowWatchBookmarks")) == QLatin1String("true");
    return KubeRequest::watch(resource, ns, options);
}

} // namespace

class TestRealApiServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void differential_data();
    void differential();

private:
    bool setUpReal(QString *error);
    bool setUpSimulator(QString *error);
    KubeClient *addClient(DiffTarget &target, const QString &yaml, const QString &identity);
    /// Runs one case against one target: the normalised-later answer ({code, body} or {code, events}).
    QJsonObject run(DiffTarget &target, const DiffCase &diffCase, const QString &ns, QString *setupError);
    QJsonObject send(DiffTarget &target, const DiffRequest &request, const QString &ns, const QStringList &versions);
    QJsonObject watch(
        DiffTarget &target, const DiffCase &diffCase, const QString &ns, const QStringList &versions, QString *error);

    QTemporaryDir mDir;
    Simulator *mSim = nullptr;
    DiffTarget mSimTarget;
    DiffTarget mRealTarget;
    QString mRunId;
    QElapsedTimer mClock;
    QStringList mNamespaces;
};

KubeClient *TestRealApiServer::addClient(DiffTarget &target, const QString &yaml, const QString &identity)
{
    const KubeConfig config = KubeConfig::parse(yaml.toUtf8(), target.name + QStringLiteral("-kubeconfig"));
    auto *client = new KubeClient(config, identity, this);
    client->setRateLimit(0, 0);
    KubeClient::RetryPolicy noRetries;
    noRetries.maxRetries = 0;
    client->setRetryPolicy(noRetries);
    client->setDefaultTimeoutMs(30000);
    target.clients.insert(identity == QLatin1String("admin") ? QString() : identity, client);
    return client;
}

bool TestRealApiServer::setUpReal(QString *error)
{
    const QString kubeconfigPath = qEnvironmentVariable("VOLSYNC_REAL_KUBECONFIG");
    QFile file(kubeconfigPath);
    if (kubeconfigPath.isEmpty() || !file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("VOLSYNC_REAL_KUBECONFIG does not name start.sh's kubeconfig: run `make "
                                "test-real-apiserver`, which builds, starts and stops the real kube-apiserver");
        return false;
    }
    const QString text = QString::fromUtf8(file.readAll());
    const QString server = QRegularExpression(QStringLiteral("server: (\\S+)")).match(text).captured(1);
    const QString caPath = QRegularExpression(QStringLiteral("certificate-authority: (\\S+)")).match(text).captured(1);
    const QString token = QRegularExpression(QStringLiteral("token: (\\S+)")).match(text).captured(1);
    QFile ca(caPath);
    if (server.isEmpty() || token.isEmpty() || !ca.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 has no server, token or readable certificate-authority").arg(kubeconfigPath);
        return false;
    }
    const QString yaml = kubeconfigYaml(server, ca.readAll(), token);
    mRealTarget.name = QStringLiteral("kube-apiserver");
    for (const char *identity : {"admin", "bad-token", "anonymous", "limited"})
        addClient(mRealTarget, yaml, QLatin1String(identity));
    KubeClient *admin = mRealTarget.clients.value(QString());
    mRealTarget.grant = [admin](const QString &ns, const QString &user, QString *grantError) {
        const QJsonObject binding {{QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
            {QStringLiteral("kind"), QStringLiteral("RoleBinding")},
            {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("diff-edit")}}},
            {QStringLiteral("roleRef"),
                QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                    {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                    {QStringLiteral("name"), QStringLiteral("edit")}}},
            {QStringLiteral("subjects"),
                QJsonArray {QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                    {QStringLiteral("kind"), QStringLiteral("User")}, {QStringLiteral("name"), user}}}}};
        // The edit role covers built-in kinds; the simulator's grant is everything in the namespace, so the
        // VolSync and snapshot CRDs are granted by a Role of their own.
        const QJsonObject crdRole {{QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
            {QStringLiteral("kind"), QStringLiteral("Role")},
            {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("diff-crds")}}},
            {QStringLiteral("rules"),
                QJsonArray {QJsonObject {
                    {QStringLiteral("apiGroups"),
                        QJsonArray {QStringLiteral("volsync.backube"), QStringLiteral("snapshot.storage.k8s.io")}},
                    {QStringLiteral("resources"), QJsonArray {QStringLiteral("*")}},
                    {QStringLiteral("verbs"), QJsonArray {QStringLiteral("*")}}}}}};
        QJsonObject crdBinding = binding;
        crdBinding.insert(
            QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("diff-crds")}});
        crdBinding.insert(QStringLiteral("roleRef"),
            QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                {QStringLiteral("kind"), QStringLiteral("Role")},
                {QStringLiteral("name"), QStringLiteral("diff-crds")}});
        const QString rbac = QStringLiteral("/apis/rbac.authorization.k8s.io/v1/namespaces/%1/").arg(ns);
        for (const auto &[path, object] :
            {std::pair {QStringLiteral("rolebindings"), binding}, std::pair {QStringLiteral("roles"), crdRole},
                std::pair {QStringLiteral("rolebindings"), crdBinding}}) {
            KubeReply *reply = waitFor(admin->send(KubeRequest::raw(
                rbac + path, "POST", QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json")));
            const bool ok = reply->isOk();
            if (!ok)
                *grantError = reply->error().personMessage();
            delete reply;
            if (!ok)
                return false;
        }
        return true;
    };
    mRealTarget.awaitServiceAccount = [admin](const QString &ns, QString *awaitError) {
        // Exactly what v1.20's ServiceAccount admission plugin looks up: the account, and (for a Pod that mounts
        // its token) the token Secret listed in it. The controller manager creates both.
        const bool exists = QTest::qWaitFor(
            [&] {
                KubeReply *reply = waitFor(admin->send(
                    KubeRequest::raw(QStringLiteral("/api/v1/namespaces/%1/serviceaccounts/default").arg(ns), "GET")));
                const bool found = reply->isOk() && !reply->json().value(QStringLiteral("secrets")).toArray().isEmpty();
                delete reply;
                return found;
            },
            60000);
        if (!exists)
            *awaitError = QStringLiteral("the service account %1/default and its token did not appear within 60 s (is "
                                         "kube-controller-manager running?)")
                              .arg(ns);
        return exists;
    };
    // The server answers at all (start.sh waited for /readyz).
    KubeReply *version = waitFor(admin->version());
    const bool ok = version->isOk();
    if (!ok)
        *error = QStringLiteral("the real kube-apiserver does not answer: %1").arg(version->error().personMessage());
    delete version;
    return ok;
}

bool TestRealApiServer::setUpSimulator(QString *error)
{
    const QString tokens = mDir.filePath(QStringLiteral("tokens.csv"));
    QFile file(tokens);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    file.write("diff-admin-token,diff-admin,uid-diff-admin,\"system:masters\"\n");
    file.close();
    SimulatorOptions options;
    options.clusters = {QStringLiteral("kube-sim")};
    options.stateDir = mDir.filePath(QStringLiteral("sim"));
    options.tokenAuthFile = tokens;
    mSim = new Simulator(options, this);
    // What kube-apiserver creates when it starts (before its watch cache starts).
    connect(mSim, &Simulator::clusterCreated, this, [](SimCluster *cluster) {
        for (const char *name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
            cluster->store()->create(QStringLiteral("namespaces"), QString(),
                QJsonObject {
                    {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QLatin1String(name)}}}});
        }
    });
    QSignalSpy ready(mSim, &Simulator::ready);
    QSignalSpy failed(mSim, &Simulator::failed);
    mSim->start();
    if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 60000) || !failed.isEmpty()) {
        *error = failed.isEmpty() ? QStringLiteral("the simulator did not start") : failed.at(0).at(0).toString();
        return false;
    }
    SimCluster *cluster = mSim->cluster(QStringLiteral("kube-sim"));
    const QString yaml = kubeconfigYaml(
        cluster->serverUrl().toString(), cluster->caCertificatePem(), QStringLiteral("diff-admin-token"));
    mSimTarget.name = QStringLiteral("simulator");
    for (const char *identity : {"admin", "bad-token", "anonymous", "limited"})
        addClient(mSimTarget, yaml, QLatin1String(identity));
    // A user without RBAC bindings may do nothing in any namespace.
    cluster->setAllowedNamespaces(kLimitedUser, {});
    mSimTarget.awaitServiceAccount = [](const QString &, QString *) { return true; };
    mSimTarget.grant = [cluster](const QString &ns, const QString &user, QString *) {
        QStringList allowed = cluster->accessRules().value(user).toVariant().toStringList();
        allowed.append(ns);
        cluster->setAllowedNamespaces(user, allowed);
        return true;
    };
    return true;
}

void TestRealApiServer::initTestCase()
{
    QVERIFY(mDir.isValid());
    mClock.start();
    QString error;
    if (!setUpReal(&error))
        QFAIL(qPrintable(error));
    QVERIFY2(setUpSimulator(&error), qPrintable(error));
    // Names of this run: a real server keeps its state between runs.
    mRunId = QString::number(QRandomGenerator::global()->bounded(0x10000, 0xfffff), 16);
}

void TestRealApiServer::cleanupTestCase()
{
    // Leave nothing behind on the real server (namespace deletion finishes in its controller manager).
    if (KubeClient *admin = mRealTarget.clients.value(QString())) {
        for (const QString &ns : std::as_const(mNamespaces)) {
            delete waitFor(admin->send(KubeRequest::raw(QStringLiteral("/api/v1/namespaces/") + ns, "DELETE")));
            // The second namespace a namespace case may create ("{ns}-x").
            delete waitFor(admin->send(KubeRequest::raw(QStringLiteral("/api/v1/namespaces/%1-x").arg(ns), "DELETE")));
        }
        delete waitFor(admin->send(KubeRequest::raw(
            QStringLiteral("/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses?labelSelector=diff-run%3D") + mRunId,
            "DELETE")));
    }
    qInfo().noquote() << QStringLiteral("differential tier: %1 cases in %2 s")
                             .arg(differentialCases().size())
                             .arg(double(mClock.elapsed()) / 1000.0, 0, 'f', 1);
}

QJsonObject TestRealApiServer::send(
    DiffTarget &target, const DiffRequest &request, const QString &ns, const QStringList &versions)
{
    KubeClient *client = target.clients.value(request.identity);
    if (!client)
        return QJsonObject {{QStringLiteral("code"), -1}, {QStringLiteral("error"), request.identity}};
    QByteArray body = substitute(QString::fromUtf8(request.body), ns, versions).toUtf8();
    body.replace("{run}", mRunId.toUtf8());
    QString path = substitute(request.path, ns, versions);
    path.replace(QStringLiteral("{run}"), mRunId);
    KubeReply *reply = waitFor(client->send(
        KubeRequest::raw(path, request.method, body, body.isEmpty() ? QByteArray() : request.contentType)));
    const QJsonObject answer = answerOf(reply);
    delete reply;
    return answer;
}

QJsonObject TestRealApiServer::watch(
    DiffTarget &target, const DiffCase &diffCase, const QString &ns, const QStringList &versions, QString *error)
{
    QString path = substitute(diffCase.probe.path, ns, versions);
    const std::optional<KubeRequest> request = watchRequest(path);
    if (!request) {
        *error = QStringLiteral("not a watch path: %1").arg(path);
        return {};
    }
    KubeClient *client = target.clients.value(diffCase.probe.identity);
    KubeReply *reply = client->send(*request);
    reply->setAutoDelete(false);
    QJsonArray events;
    QStringList bookmarkVersions;
    QString lastEventVersion;
    connect(reply, &KubeReply::event, this, [&](const KubeWatchEvent &event) {
        if (event.type == KubeWatchEvent::Type::Bookmark) {
            bookmarkVersions.append(event.resourceVersion());
            return;
        }
        if (event.type != KubeWatchEvent::Type::Error)
            lastEventVersion = event.resourceVersion();
        events.append(QJsonObject {{QStringLiteral("type"), KubeWatchEvent::typeToString(event.type)},
            {QStringLiteral("object"), event.object}});
    });
    // The stream is open (the server answered 200) before the changes are made.
    QSignalSpy opened(client, &KubeClient::requestObserved);
    const bool open = QTest::qWaitFor(
        [&] {
            if (reply->isFinished())
                return true;
            for (const QList<QVariant> &args : std::as_const(opened)) {
                if (args.at(0).value<KubeRequestRecord>().event == KubeRequestRecord::Event::WatchStarted)
                    return true;
            }
            return false;
        },
        15000);
    if (!open)
        *error = QStringLiteral("the watch did not open within 15 s");
    for (const DiffRequest &change : diffCase.during) {
        const QJsonObject answer = send(target, change, ns, versions);
        const int code = answer.value(QStringLiteral("code")).toInt();
        if (code < 200 || code >= 300) {
            *error = QStringLiteral("%1 %2 during the watch answered %3")
                         .arg(QString::fromLatin1(change.method), change.path)
                         .arg(code);
        }
    }
    const int timeoutSeconds = request->queryItemValue(QStringLiteral("timeoutSeconds")).toInt();
    waitFor(reply, (timeoutSeconds + 15) * 1000);
    QJsonObject answer;
    answer.insert(QStringLiteral("code"),
        reply->isFinished() ? (reply->httpStatus() ? reply->httpStatus() : reply->error().code()) : -1);
    answer.insert(QStringLiteral("events"), events);
    if (request->queryItemValue(QStringLiteral("allowWatchBookmarks")) == QLatin1String("true")) {
        // Bookmarks come on the server's own schedule: compare that there was one, and that the last one is at
        // (or after) the last event.
        answer.insert(QStringLiteral("bookmarked"), !bookmarkVersions.isEmpty());
        answer.insert(QStringLiteral("lastBookmarkCoversLastEvent"),
            !bookmarkVersions.isEmpty() && bookmarkVersions.constLast().toLongLong() >= lastEventVersion.toLongLong());
    }
    delete reply;
    return answer;
}

QJsonObject TestRealApiServer::run(DiffTarget &target, const DiffCase &diffCase, const QString &ns, QString *setupError)
{
    const QJsonObject nsAnswer = send(target,
        DiffRequest {"POST", QStringLiteral("/api/v1/namespaces"),
            QStringLiteral(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%1"}})").arg(ns).toUtf8()},
        ns, {});
    if (nsAnswer.value(QStringLiteral("code")).toInt() != 201) {
        *setupError = QStringLiteral("creating namespace %1 answered %2")
                          .arg(ns)
                          .arg(nsAnswer.value(QStringLiteral("code")).toInt());
        return {};
    }
    QStringList versions;
    for (const DiffRequest &step : diffCase.setup) {
        if (step.method == "SERVICEACCOUNT") {
            QString error;
            if (!target.awaitServiceAccount(ns, &error)) {
                *setupError = error;
                return {};
            }
            continue;
        }
        if (step.method == "GRANT") {
            QString error;
            if (!target.grant(ns, step.path, &error)) {
                *setupError = QStringLiteral("granting %1 rights in %2: %3").arg(step.path, ns, error);
                return {};
            }
            continue;
        }
        const QJsonObject answer = send(target, step, ns, versions);
        const int code = answer.value(QStringLiteral("code")).toInt();
        if (code < 200 || code >= 300) {
            *setupError = QStringLiteral("setup %1 %2 answered %3: %4")
                              .arg(QString::fromLatin1(step.method), step.path)
                              .arg(code)
                              .arg(QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact)));
            return {};
        }
        const QJsonObject meta
            = answer.value(QStringLiteral("body")).toObject().value(QStringLiteral("metadata")).toObject();
        versions.append(meta.value(QStringLiteral("resourceVersion")).toString());
    }
    if (diffCase.probe.method == "WATCH")
        return watch(target, diffCase, ns, versions, setupError);
    return send(target, diffCase.probe, ns, versions);
}

void TestRealApiServer::differential_data()
{
    QTest::addColumn<int>("index");
    const QList<DiffCase> cases = differentialCases();
    for (int i = 0; i < cases.size(); ++i)
        QTest::newRow(qPrintable(cases.at(i).name)) << i;
}

void TestRealApiServer::differential()
{
    QFETCH(int, index);
    const DiffCase diffCase = differentialCases().at(index);
    const QString ns = QStringLiteral("diff-%1-%2").arg(mRunId).arg(index);
    mNamespaces.append(ns);
    QString simError;
    QString realError;
    const QJsonObject real = run(mRealTarget, diffCase, ns, &realError);
    QVERIFY2(realError.isEmpty(), qPrintable(QStringLiteral("kube-apiserver: ") + realError));
    const QJsonObject simulated = run(mSimTarget, diffCase, ns, &simError);
    QVERIFY2(simError.isEmpty(), qPrintable(QStringLiteral("simulator: ") + simError));
    // A global skip of an object's field also covers that field in list items and watch events.
    QHash<QString, QString> skips;
    const QHash<QString, QString> global = differentialGlobalSkips();
    for (auto it = global.cbegin(); it != global.cend(); ++it) {
        skips.insert(it.key(), it.value());
        if (it.key().startsWith(QLatin1String("body."))) {
            const QString field = it.key().mid(int(qstrlen("body.")));
            if (!field.startsWith(QLatin1String("items[")))
                skips.insert(QStringLiteral("body.items[*].") + field, it.value());
            skips.insert(QStringLiteral("events[*].object.") + field, it.value());
        }
    }
    skips.insert(diffCase.skip);
    const QStringList differences = DiffNormalizer::differences(simulated, real, skips);
    if (!differences.isEmpty()) {
        QFAIL(qPrintable(QStringLiteral("%1 difference(s):\n  %2")
                             .arg(differences.size())
                             .arg(differences.join(QStringLiteral("\n  ")))));
    }
}

QTEST_GUILESS_MAIN(TestRealApiServer)
#include "test_realapiserver.moc"
