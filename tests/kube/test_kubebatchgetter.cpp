// SPDX-License-Identifier: GPL-3.0-or-later
// KubeBatchGetter against a small in-test API server of Secrets: the reads of one turn of the event loop for the
// same namespace and selector are one LIST, what the list lacks (no label, or no such object) is read with a GET of
// its own, a forbidden list falls back to GETs, a read alone is a GET, and a reader that is gone gets no answer.

#include "fakeapiserver.h"
#include "testpki.h"

#include "kube/kubebatchgetter.h"
#include "kube/kubeclient.h"
#include "kube/kuberequestrecord.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {
const QString kSelector = QStringLiteral("app.kubernetes.io/created-by=volsync");

QJsonObject secret(const QString &name, bool labelled)
{
    QJsonObject metadata {{QStringLiteral("name"), name}, {QStringLiteral("namespace"), QStringLiteral("backup")},
        {QStringLiteral("resourceVersion"), QStringLiteral("7")}};
    if (labelled)
        metadata.insert(QStringLiteral("labels"),
            QJsonObject {{QStringLiteral("app.kubernetes.io/created-by"), QStringLiteral("volsync")}});
    return QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Secret")}, {QStringLiteral("metadata"), metadata},
        {QStringLiteral("data"), QJsonObject {{QStringLiteral("key"), QString(name + QStringLiteral("-key"))}}}};
}

/// Secrets of namespace "backup": GET by name, LIST with an "a=b" selector; lists answer 403 when forbidden.
class SecretServer
{
public:
    explicit SecretServer(FakeApiServer *server)
    {
        server->handler = [this](FakeExchange *exchange) { handle(exchange); };
        for (const QString &name : {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")})
            mObjects.insert(name, secret(name, true));
        mObjects.insert(QStringLiteral("own"), secret(QStringLiteral("own"), false));
    }

    bool forbidList = false;
    QStringList gets;
    QStringList listSelectors;

private:
    void handle(FakeExchange *exchange)
    {
        const FakeRequest &request = exchange->request;
        const QString prefix = QStringLiteral("/api/v1/namespaces/backup/secrets");
        if (request.path == prefix) {
            const QString selector = request.query.queryItemValue(QStringLiteral("labelSelector"), QUrl::FullyDecoded);
            listSelectors.append(selector);
            if (forbidList)
                return exchange->respondJson(403,
                    R"({"kind":"Status","code":403,"reason":"Forbidden","message":"secrets is forbidden: cannot list"})");
            const QString key = selector.section(QLatin1Char('='), 0, 0);
            const QString value = selector.section(QLatin1Char('='), 1);
            QJsonArray items;
            for (const QJsonObject &object : std::as_const(mObjects)) {
                const QJsonObject labels
                    = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
                if (selector.isEmpty() || labels.value(key).toString() == value)
                    items.append(object);
            }
            const QJsonObject list {{QStringLiteral("kind"), QStringLiteral("SecretList")},
                {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("resourceVersion"), QStringLiteral("9")}}},
                {QStringLiteral("items"), items}};
            return exchange->respondJson(200, QJsonDocument(list).toJson(QJsonDocument::Compact));
        }
        if (request.path.startsWith(prefix + QLatin1Char('/'))) {
            const QString name = request.path.mid(prefix.size() + 1);
            gets.append(name);
            if (mObjects.contains(name))
                return exchange->respondJson(200, QJsonDocument(mObjects.value(name)).toJson(QJsonDocument::Compact));
        }
        exchange->respondJson(
            404, R"({"kind":"Status","code":404,"reason":"NotFound","message":"secrets x not found"})");
    }

    QMap<QString, QJsonObject> mObjects;
};
} // namespace

class TestKubeBatchGetter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void readsOfOneTurnShareOneList();
    void whatTheListLacksIsReadWithAGet();
    void aForbiddenListFallsBackToGets();
    void aReadAloneIsAGet();
    void aReaderThatIsGoneGetsNoAnswer();

private:
    /// Reads `names` in one turn; returns the answers by name once all have come.
    QHash<QString, KubeResult> readAll(const QStringList &names);

    QTemporaryDir mDir;
    TestPki mPki;
    std::unique_ptr<FakeApiServer> mServer;
    std::unique_ptr<SecretServer> mSecrets;
    std::unique_ptr<KubeClient> mClient;
    std::unique_ptr<KubeBatchGetter> mGetter;
    int mRequests = 0;
};

void TestKubeBatchGetter::initTestCase()
{
    QVERIFY(mDir.isValid());
    mPki = TestPki::create(mDir.path());
    if (!mPki.error.isEmpty())
        QSKIP(qPrintable(mPki.error));
}

void TestKubeBatchGetter::init()
{
    mServer = std::make_unique<FakeApiServer>();
    mServer->setTls(mPki.serverCertificate(), mPki.serverKey());
    QVERIFY(mServer->listenLoopback());
    mSecrets = std::make_unique<SecretServer>(mServer.get());
    const QString path = mPki.writeKubeconfig(mServer->url(), QStringLiteral("batch-token"));
    QVERIFY(!path.isEmpty());
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    mClient = std::make_unique<KubeClient>(KubeConfig::load(options));
    mClient->setRateLimit(0, 1);
    mRequests = 0;
    connect(mClient.get(), &KubeClient::requestObserved, this, [this](const KubeRequestRecord &record) {
        if (record.event == KubeRequestRecord::Event::Finished)
            ++mRequests;
    });
    mGetter = std::make_unique<KubeBatchGetter>();
}

void TestKubeBatchGetter::cleanup()
{
    mGetter.reset();
    mClient.reset();
    mSecrets.reset();
    mServer.reset();
}

QHash<QString, KubeResult> TestKubeBatchGetter::readAll(const QStringList &names)
{
    auto answers = std::make_shared<QHash<QString, KubeResult>>();
    for (const QString &name : names) {
        mGetter->get(mClient.get(), KubeResource::secrets(), QStringLiteral("backup"), name, kSelector, this,
            [answers, name](const KubeResult &result) { answers->insert(name, result); });
    }
    // Never inside get(): the readers of a turn have all asked before anything is sent.
    if (!answers->isEmpty())
        return {};
    const qsizetype expected = names.size();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(answers->size(), expected, 20000); }();
    return *answers;
}

void TestKubeBatchGetter::readsOfOneTurnShareOneList()
{
    const auto answers = readAll({QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")});
    QCOMPARE(answers.size(), 3);
    for (const QString &name : {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}) {
        QVERIFY2(answers.value(name).isOk(), qPrintable(answers.value(name).error.personMessage()));
        QCOMPARE(answers.value(name).json.value(QLatin1String("data")).toObject().value(QLatin1String("key")),
            QJsonValue(name + QStringLiteral("-key")));
    }
    QCOMPARE(mSecrets->listSelectors, QStringList {kSelector});
    QCOMPARE(mSecrets->gets, QStringList());
    QCOMPARE(mRequests, 1);
}

void TestKubeBatchGetter::whatTheListLacksIsReadWithAGet()
{
    const auto answers = readAll({QStringLiteral("one"), QStringLiteral("own"), QStringLiteral("missing")});
    QCOMPARE(answers.size(), 3);
    QVERIFY(answers.value(QStringLiteral("one")).isOk());
    // Not labelled: not in the list, but a GET finds it.
    QVERIFY(answers.value(QStringLiteral("own")).isOk());
    QCOMPARE(
        answers.value(QStringLiteral("own")).json.value(QLatin1String("data")).toObject().value(QLatin1String("key")),
        QJsonValue(QStringLiteral("own-key")));
    // No such Secret: what a GET says.
    QVERIFY(answers.value(QStringLiteral("missing")).error.isNotFound());
    QCOMPARE(mSecrets->listSelectors.size(), 1);
    QStringList gets = mSecrets->gets;
    gets.sort();
    QCOMPARE(gets, (QStringList {QStringLiteral("missing"), QStringLiteral("own")}));
}

void TestKubeBatchGetter::aForbiddenListFallsBackToGets()
{
    mSecrets->forbidList = true;
    const auto answers = readAll({QStringLiteral("one"), QStringLiteral("two")});
    QCOMPARE(answers.size(), 2);
    QVERIFY2(answers.value(QStringLiteral("one")).isOk(),
        qPrintable(answers.value(QStringLiteral("one")).error.personMessage()));
    QVERIFY(answers.value(QStringLiteral("two")).isOk());
    QCOMPARE(mSecrets->listSelectors.size(), 1);
    QStringList gets = mSecrets->gets;
    gets.sort();
    QCOMPARE(gets, (QStringList {QStringLiteral("one"), QStringLiteral("two")}));
}

void TestKubeBatchGetter::aReadAloneIsAGet()
{
    const auto answers = readAll({QStringLiteral("two")});
    QVERIFY(answers.value(QStringLiteral("two")).isOk());
    QCOMPARE(mSecrets->gets, QStringList {QStringLiteral("two")});
    QCOMPARE(mSecrets->listSelectors, QStringList());
}

void TestKubeBatchGetter::aReaderThatIsGoneGetsNoAnswer()
{
    auto reader = std::make_unique<QObject>();
    bool answered = false;
    mGetter->get(mClient.get(), KubeResource::secrets(), QStringLiteral("backup"), QStringLiteral("one"), kSelector,
        reader.get(), [&answered](const KubeResult &) { answered = true; });
    // One that stays, read in the same turn: when it has its answer, the other one would have had its own.
    bool otherAnswered = false;
    mGetter->get(mClient.get(), KubeResource::secrets(), QStringLiteral("backup"), QStringLiteral("two"), kSelector,
        this, [&otherAnswered](const KubeResult &) { otherAnswered = true; });
    reader.reset();
    QTRY_VERIFY_WITH_TIMEOUT(otherAnswered, 20000);
    QVERIFY(!answered);
    // Only the remaining reader's object was asked for.
    QCOMPARE(mSecrets->gets, QStringList {QStringLiteral("two")});
}

QTEST_GUILESS_MAIN(TestKubeBatchGetter)
#include "test_kubebatchgetter.moc"
