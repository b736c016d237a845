// SPDX-License-Identifier: GPL-3.0-or-later
// Shared informers against a small in-test API server: consumers of the same kind and scope share one list and
// one watch (counted through the client's request observer), the last consumer leaving closes the watch, a
// consumer joining late reads the current state at once, and a user who may not list across namespaces gets one
// watch per namespace in use instead. (The 1,000-object convergence through an informer is in test_kubewatcher.)

#include "fakeapiserver.h"
#include "testpki.h"

#include "kube/kubeclient.h"
#include "kube/kubeinformer.h"
#include "kube/kubeinformerfactory.h"
#include "kube/kubeinformerview.h"
#include "kube/kuberequestrecord.h"
#include "kube/kubewatcher.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

namespace {
/// A pod labelled app=`app` (app=`name` when not given; no label when `app` is "-").
QJsonObject pod(const QString &ns, const QString &name, const QString &rv, const QString &app = QString())
{
    QJsonObject labels;
    if (app != QLatin1String("-"))
        labels.insert(QStringLiteral("app"), app.isEmpty() ? name : app);
    return QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Pod")},
        {QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns},
                {QStringLiteral("resourceVersion"), rv}, {QStringLiteral("labels"), labels}}}};
}

/// Pods in namespaces "a" and "b"; watches stay open until the client closes them. With `forbidClusterWide`
/// a list or watch across all namespaces gets 403, as for a user whose Role covers single namespaces.
class PodServer : public QObject
{
public:
    explicit PodServer(FakeApiServer *server)
    {
        server->handler = [this](FakeExchange *exchange) { handle(exchange); };
    }

    bool forbidClusterWide = false;
    QStringList listPaths;
    QStringList watchPaths;
    QList<QPointer<FakeExchange>> watches;

    [[nodiscard]] int openWatches() const
    {
        return int(std::count_if(watches.cbegin(), watches.cend(),
            [](const QPointer<FakeExchange> &watch) { return watch && watch->isConnected(); }));
    }

    void add(const QJsonObject &object) { send(QStringLiteral("ADDED"), object); }
    void modify(const QJsonObject &object) { send(QStringLiteral("MODIFIED"), object); }
    void remove(const QJsonObject &object) { send(QStringLiteral("DELETED"), object); }

private:
    void send(const QString &type, const QJsonObject &object)
    {
        const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        const QString key = metadata.value(QLatin1String("namespace")).toString() + QLatin1Char('/')
            + metadata.value(QLatin1String("name")).toString();
        if (type == QLatin1String("DELETED"))
            mObjects.remove(key);
        else
            mObjects.insert(key, object);
        const QByteArray line
            = QJsonDocument(QJsonObject {{QStringLiteral("type"), type}, {QStringLiteral("object"), object}})
                  .toJson(QJsonDocument::Compact)
            + '\n';
        for (const QPointer<FakeExchange> &watch : std::as_const(watches)) {
            if (watch && watch->isConnected())
                watch->sendChunk(line);
        }
    }

    void handle(FakeExchange *exchange)
    {
        const FakeRequest &request = exchange->request;
        QString ns;
        if (request.path.startsWith(QLatin1String("/api/v1/namespaces/")))
            ns = request.path.section(QLatin1Char('/'), 4, 4);
        else if (request.path != QLatin1String("/api/v1/pods"))
            return exchange->respondJson(404, R"({"kind":"Status","code":404,"reason":"NotFound","message":"no"})");
        if (ns.isEmpty() && forbidClusterWide)
            return exchange->respondJson(403,
                R"({"kind":"Status","code":403,"reason":"Forbidden","message":"pods is forbidden: cannot list at the cluster scope"})");
        if (request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("true")) {
            watchPaths.append(request.path);
            exchange->startChunked(200);
            watches.append(exchange);
            return;
        }
        listPaths.append(request.path);
        QJsonArray items;
        for (const QJsonObject &object : std::as_const(mObjects)) {
            if (ns.isEmpty()
                || object.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString()
                    == ns)
                items.append(object);
        }
        const QJsonObject list {{QStringLiteral("kind"), QStringLiteral("PodList")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("resourceVersion"), QStringLiteral("100")}}},
            {QStringLiteral("items"), items}};
        exchange->respondJson(200, QJsonDocument(list).toJson(QJsonDocument::Compact));
    }

    QMap<QString, QJsonObject> mObjects;
};
} // namespace

class TestKubeInformer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void consumersShareOneWatch();
    void lastConsumerLeavingClosesTheWatch();
    void lateJoinerGetsTheStateAtOnce();
    void restartingConsumerKeepsTheWatch();
    void forbiddenClusterWideWatchesPerNamespace();
    void selectedViewSharesTheWholeKind();
    void selectedViewFollowsLabelChanges();

private:
    QTemporaryDir mDir;
    TestPki mPki;
    std::unique_ptr<FakeApiServer> mServer;
    std::unique_ptr<PodServer> mPods;
    std::unique_ptr<KubeClient> mClient;
    std::unique_ptr<KubeInformerFactory> mFactory;
    int mWatchesStarted = 0;
    int mWatchesFinished = 0;
    int mLists = 0;
};

void TestKubeInformer::initTestCase()
{
    QVERIFY(mDir.isValid());
    mPki = TestPki::create(mDir.path());
    if (!mPki.error.isEmpty())
        QSKIP(qPrintable(mPki.error));
}

void TestKubeInformer::init()
{
    mServer = std::make_unique<FakeApiServer>();
    mServer->setTls(mPki.serverCertificate(), mPki.serverKey());
    QVERIFY(mServer->listenLoopback());
    mPods = std::make_unique<PodServer>(mServer.get());
    mPods->add(pod(QStringLiteral("a"), QStringLiteral("one"), QStringLiteral("10")));
    mPods->add(pod(QStringLiteral("b"), QStringLiteral("two"), QStringLiteral("11")));
    const QString path = mPki.writeKubeconfig(mServer->url(), QStringLiteral("informer-token"));
    QVERIFY(!path.isEmpty());
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    mClient = std::make_unique<KubeClient>(KubeConfig::load(options));
    mClient->setRateLimit(0, 1);
    mWatchesStarted = mWatchesFinished = mLists = 0;
    connect(mClient.get(), &KubeClient::requestObserved, this, [this](const KubeRequestRecord &record) {
        if (record.isWatch() && record.event == KubeRequestRecord::Event::WatchStarted)
            ++mWatchesStarted;
        else if (record.isWatch())
            ++mWatchesFinished;
        else if (record.verb == KubeRequest::Verb::List)
            ++mLists;
    });
    mFactory = std::make_unique<KubeInformerFactory>();
    mFactory->setWatcherSetup([](KubeWatcher *watcher) { watcher->setBackoff(10, 100); });
}

void TestKubeInformer::cleanup()
{
    mFactory.reset();
    mClient.reset();
    mPods.reset();
    mServer.reset();
}

void TestKubeInformer::consumersShareOneWatch()
{
    const QString selector = QStringLiteral("app");
    std::vector<std::unique_ptr<KubeInformerView>> views;
    for (int i = 0; i < 10; ++i) {
        views.push_back(std::make_unique<KubeInformerView>(mFactory.get(), mClient.get(), KubeResource::pods(),
            i % 2 ? QStringLiteral("a") : QStringLiteral("b"), selector));
    }
    QTRY_VERIFY(std::all_of(views.cbegin(), views.cend(), [](const auto &view) { return view->hasSynced(); }));
    QTRY_COMPARE(mWatchesStarted, 1);
    QCOMPARE(mLists, 1);
    QCOMPARE(mFactory->informers().size(), 1);
    QCOMPARE(mFactory->informers().constFirst()->consumerCount(), 10);
    QCOMPARE(mPods->watchPaths, QStringList {QStringLiteral("/api/v1/pods")});
    QCOMPARE(views.at(1)
                 ->object(QStringLiteral("one"))
                 ->value(QLatin1String("metadata"))
                 .toObject()
                 .value(QLatin1String("namespace")),
        QStringLiteral("a"));
    QVERIFY(!views.at(1)->object(QStringLiteral("two"))); // in namespace b
    QCOMPARE(views.at(0)->objects().size(), 1);

    // A change reaches the views of its namespace (and only those).
    QSignalSpy inA(views.at(1).get(), &KubeInformerView::changed);
    QSignalSpy inB(views.at(0).get(), &KubeInformerView::changed);
    mPods->add(pod(QStringLiteral("a"), QStringLiteral("three"), QStringLiteral("12")));
    QVERIFY(inA.wait());
    QVERIFY(views.at(3)->object(QStringLiteral("three")));
    QCOMPARE(inB.count(), 0);
    QCOMPARE(mWatchesStarted, 1);
}

void TestKubeInformer::lastConsumerLeavingClosesTheWatch()
{
    auto first = std::make_unique<KubeInformerView>(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("a"), QStringLiteral("app"));
    auto second = std::make_unique<KubeInformerView>(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("b"), QStringLiteral("app"));
    QTRY_COMPARE(mPods->openWatches(), 1);
    QTRY_COMPARE(mWatchesStarted, 1);
    first.reset();
    QCoreApplication::processEvents(); // the factory retires unused informers at the next turn of the loop
    QCOMPARE(mFactory->informers().size(), 1);
    QCOMPARE(mWatchesFinished, 0);
    second.reset();
    QTRY_VERIFY(mFactory->informers().isEmpty());
    QTRY_COMPARE(mWatchesFinished, 1);
    QTRY_COMPARE(mPods->openWatches(), 0);

    // The next consumer starts a new list and watch.
    KubeInformerView again(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("a"), QStringLiteral("app"));
    QTRY_COMPARE(mWatchesStarted, 2);
    QCOMPARE(mLists, 2);
}

void TestKubeInformer::lateJoinerGetsTheStateAtOnce()
{
    KubeInformerView first(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("a"), QStringLiteral("app"));
    QTRY_VERIFY(first.hasSynced());
    QTRY_COMPARE(mWatchesStarted, 1);
    KubeInformer *informer = mFactory->acquire(mClient.get(), KubeResource::pods(), {}, QStringLiteral("app"));
    QCOMPARE(informer, first.informer());
    QVERIFY(informer->hasSynced());
    QCOMPARE(informer->cache().size(), 2);
    KubeInformerView late(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("b"), QStringLiteral("app"));
    QVERIFY(late.hasSynced()); // without waiting
    QVERIFY(late.object(QStringLiteral("two")));
    QCOMPARE(mLists, 1);
    mFactory->release(informer);
    QCOMPARE(informer->consumerCount(), 2);
}

void TestKubeInformer::restartingConsumerKeepsTheWatch()
{
    auto view = std::make_unique<KubeInformerView>(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("a"), QStringLiteral("app"));
    QTRY_COMPARE(mWatchesStarted, 1);
    // Leave and join again in one turn of the event loop (a monitor restarting): the watch stays.
    view = std::make_unique<KubeInformerView>(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("a"), QStringLiteral("app"));
    QVERIFY(view->hasSynced());
    QCoreApplication::processEvents();
    QCOMPARE(mFactory->informers().size(), 1);
    QCOMPARE(mWatchesFinished, 0);
    QCOMPARE(mLists, 1);
}

void TestKubeInformer::forbiddenClusterWideWatchesPerNamespace()
{
    mPods->forbidClusterWide = true;
    std::vector<std::unique_ptr<KubeInformerView>> views;
    for (const char *ns : {"a", "a", "b", "a"}) {
        views.push_back(std::make_unique<KubeInformerView>(
            mFactory.get(), mClient.get(), KubeResource::pods(), QString::fromLatin1(ns), QStringLiteral("app")));
    }
    QSignalSpy errors(views.front().get(), &KubeInformerView::errorOccurred);
    QTRY_VERIFY(std::all_of(views.cbegin(), views.cend(), [](const auto &view) { return view->hasSynced(); }));
    QVERIFY(views.at(0)->object(QStringLiteral("one")));
    QVERIFY(views.at(2)->object(QStringLiteral("two")));
    QTRY_COMPARE(mWatchesStarted, 2); // one per namespace in use
    QCOMPARE(mFactory->informers().size(), 2);
    QVERIFY(mFactory->isNamespaceScoped(mClient.get(), KubeResource::pods()));
    QStringList paths = mPods->watchPaths;
    paths.sort();
    QCOMPARE(paths,
        (QStringList {QStringLiteral("/api/v1/namespaces/a/pods"), QStringLiteral("/api/v1/namespaces/b/pods")}));
    QCOMPARE(errors.count(), 0); // the 403 is handled, not reported as a failure
    // A view made afterwards goes to its namespace's informer straight away.
    KubeInformerView later(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("b"), QStringLiteral("app"));
    QCOMPARE(later.informer(), views.at(2)->informer());
}

void TestKubeInformer::selectedViewSharesTheWholeKind()
{
    // Pods "one" (app=one, namespace a) and "two" (app=two, namespace b). A consumer of every pod (the fleet's
    // kind of view) runs first; views with a simple selector read its informer and filter there.
    KubeInformerView whole(mFactory.get(), mClient.get(), KubeResource::pods(), QString(), QString());
    QTRY_VERIFY(whole.hasSynced());
    KubeInformerView one(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("a"), QStringLiteral("app=one"));
    KubeInformerView notTwo(
        mFactory.get(), mClient.get(), KubeResource::pods(), QString(), QStringLiteral("app,app!=two,!other"));
    QCOMPARE(one.informer(), whole.informer());
    QCOMPARE(notTwo.informer(), whole.informer());
    QCOMPARE(mFactory->informers().size(), 1);
    QVERIFY(one.hasSynced()); // the shared informer has listed already
    QVERIFY(one.object(QStringLiteral("one")));
    QCOMPARE(one.objects().size(), 1);
    QCOMPARE(notTwo.objects().size(), 1);
    QVERIFY(!notTwo.object(QStringLiteral("two")));
    QCOMPARE(whole.objects().size(), 2);
    // A new pod that does not match is no change for the selecting view (once the one watch is open).
    QTRY_COMPARE(mPods->openWatches(), 1);
    QSignalSpy oneChanged(&one, &KubeInformerView::changed);
    QSignalSpy wholeChanged(&whole, &KubeInformerView::changed);
    mPods->add(pod(QStringLiteral("a"), QStringLiteral("three"), QStringLiteral("12")));
    QVERIFY(wholeChanged.wait());
    QCOMPARE(oneChanged.count(), 0);
    QCOMPARE(one.objects().size(), 1);
    QCOMPARE(notTwo.objects().size(), 2); // app=three
    // A set selector is not filtered here: its own informer.
    KubeInformerView set(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("a"), QStringLiteral("app in (one)"));
    QVERIFY(set.informer() != whole.informer());
    QCOMPARE(mFactory->informers().size(), 2);
    QTRY_COMPARE(mLists, 2);
}

void TestKubeInformer::selectedViewFollowsLabelChanges()
{
    // The view reads the whole kind's informer and filters: an object whose labels stop matching leaves the view
    // (told like a deletion), one whose labels start matching enters it (told like an add).
    KubeInformerView whole(mFactory.get(), mClient.get(), KubeResource::pods(), QString(), QString());
    QTRY_VERIFY(whole.hasSynced());
    KubeInformerView one(
        mFactory.get(), mClient.get(), KubeResource::pods(), QStringLiteral("a"), QStringLiteral("app=one"));
    QCOMPARE(one.informer(), whole.informer());
    QTRY_COMPARE(mPods->openWatches(), 1);
    QSignalSpy oneObject(&one, &KubeInformerView::objectChanged);
    QSignalSpy oneChanged(&one, &KubeInformerView::changed);
    QSignalSpy wholeObject(&whole, &KubeInformerView::objectChanged);
    const QList<QVariant> podOne {QStringLiteral("a"), QStringLiteral("one")};

    // Its label changed: gone from the view.
    mPods->modify(pod(QStringLiteral("a"), QStringLiteral("one"), QStringLiteral("20"), QStringLiteral("other")));
    QVERIFY(oneObject.wait());
    QCOMPARE(oneObject.takeFirst(), podOne);
    QCOMPARE(oneChanged.count(), 1);
    QVERIFY(!one.object(QStringLiteral("one")));
    QVERIFY(one.objects().isEmpty());

    // Still not matching: no change of the view (the whole kind's view sees it).
    QTRY_COMPARE(wholeObject.count(), 1);
    mPods->modify(pod(QStringLiteral("a"), QStringLiteral("one"), QStringLiteral("21"), QStringLiteral("else")));
    QTRY_COMPARE(wholeObject.count(), 2);
    QCOMPARE(oneObject.count(), 0);

    // Its label back: in the view again.
    mPods->modify(pod(QStringLiteral("a"), QStringLiteral("one"), QStringLiteral("22")));
    QVERIFY(oneObject.wait());
    QCOMPARE(oneObject.takeFirst(), podOne);
    QCOMPARE(oneChanged.count(), 2);
    QVERIFY(one.object(QStringLiteral("one")));
    QCOMPARE(one.objects().size(), 1);

    // Its label removed: gone again.
    mPods->modify(pod(QStringLiteral("a"), QStringLiteral("one"), QStringLiteral("23"), QStringLiteral("-")));
    QVERIFY(oneObject.wait());
    QCOMPARE(oneObject.takeFirst(), podOne);
    QVERIFY(!one.object(QStringLiteral("one")));

    // Deleting an object the view does not hold is no change of it; deleting one it holds is.
    QTRY_COMPARE(wholeObject.count(), 4);
    mPods->remove(pod(QStringLiteral("a"), QStringLiteral("one"), QStringLiteral("24"), QStringLiteral("-")));
    QTRY_COMPARE(wholeObject.count(), 5);
    QCOMPARE(oneObject.count(), 0);
    mPods->add(pod(QStringLiteral("a"), QStringLiteral("one"), QStringLiteral("25")));
    QVERIFY(oneObject.wait());
    QCOMPARE(oneObject.takeFirst(), podOne);
    mPods->remove(pod(QStringLiteral("a"), QStringLiteral("one"), QStringLiteral("26")));
    QVERIFY(oneObject.wait());
    QCOMPARE(oneObject.takeFirst(), podOne);
    QVERIFY(!one.object(QStringLiteral("one")));
    QCOMPARE(oneChanged.count(), 5);
}

QTEST_GUILESS_MAIN(TestKubeInformer)
#include "test_kubeinformer.moc"
