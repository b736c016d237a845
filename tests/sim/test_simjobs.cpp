// SPDX-License-Identifier: GPL-3.0-or-later
// batch/v1 Jobs through the simulator's API: defaults and the generated selector, validation, and what deleting a
// Job does to its Pods (the propagation policy; batch/v1 orphans them by default). The differential tier compares
// the answers with kube-apiserver.

#include "simapitestcluster.h"

#include "sim/simstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

const QString kJobs = QStringLiteral("/apis/batch/v1/namespaces/source/jobs");

QByteArray job(const QString &name)
{
    return QStringLiteral(R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"%1"},"spec":{"template":{
        "metadata":{"labels":{"app":"mover"}},"spec":{"restartPolicy":"Never","containers":[{"name":"rsync",
        "image":"busybox"}]}}}})")
        .arg(name)
        .toUtf8();
}

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

} // namespace

class TestSimJobs : public QObject
{
    Q_OBJECT

private:
    SimApiTestCluster mKind;

    // A Pod the Job controller would make: owned by the Job.
    bool addPod(const QJsonObject &owner, const QString &name)
    {
        const QJsonObject meta = metadataOf(owner);
        const QJsonObject reference {{QStringLiteral("apiVersion"), QStringLiteral("batch/v1")},
            {QStringLiteral("kind"), QStringLiteral("Job")},
            {QStringLiteral("name"), meta.value(QStringLiteral("name"))},
            {QStringLiteral("uid"), meta.value(QStringLiteral("uid"))}, {QStringLiteral("controller"), true}};
        return mKind.store()
            ->create(QStringLiteral("pods"), QStringLiteral("source"),
                QJsonObject {{QStringLiteral("metadata"),
                                 QJsonObject {{QStringLiteral("name"), name},
                                     {QStringLiteral("ownerReferences"), QJsonArray {reference}}}},
                    {QStringLiteral("spec"),
                        QJsonObject {{QStringLiteral("containers"),
                            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("rsync")},
                                {QStringLiteral("image"), QStringLiteral("busybox")}}}}}}})
            .ok();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(mKind.start(QStringLiteral("kind"))); }

    void cleanupTestCase() { mKind.stop(); }

    void defaultsAndSelector()
    {
        const SimApiTestClient::Reply created = mKind.client().send("POST", kJobs, job(QStringLiteral("defaults")));
        QCOMPARE(created.code, 201);
        const QJsonObject spec = created.json.value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("backoffLimit")).toInt(), 6);
        QCOMPARE(spec.value(QStringLiteral("parallelism")).toInt(), 1);
        QCOMPARE(spec.value(QStringLiteral("completions")).toInt(), 1);
        const QString uid = metadataOf(created.json).value(QStringLiteral("uid")).toString();
        QCOMPARE(spec.value(QStringLiteral("selector")).toObject().value(QStringLiteral("matchLabels")).toObject(),
            QJsonObject({{QStringLiteral("batch.kubernetes.io/controller-uid"), uid}}));
        const QJsonObject podTemplate = spec.value(QStringLiteral("template")).toObject();
        const QJsonObject labels = metadataOf(podTemplate).value(QStringLiteral("labels")).toObject();
        QCOMPARE(labels.value(QStringLiteral("controller-uid")).toString(), uid);
        QCOMPARE(labels.value(QStringLiteral("job-name")).toString(), QStringLiteral("defaults"));
        QCOMPARE(labels.value(QStringLiteral("app")).toString(), QStringLiteral("mover"));
        // The Job has no labels of its own: it shows its template's.
        QCOMPARE(metadataOf(created.json).value(QStringLiteral("labels")).toObject(), labels);
        // PodSpec defaults, without a Pod's admission defaults.
        const QJsonObject podSpec = podTemplate.value(QStringLiteral("spec")).toObject();
        QCOMPARE(podSpec.value(QStringLiteral("dnsPolicy")).toString(), QStringLiteral("ClusterFirst"));
        QVERIFY(!podSpec.contains(QStringLiteral("serviceAccountName")));
        QVERIFY(!podSpec.contains(QStringLiteral("enableServiceLinks")));
    }

    void validation()
    {
        QByteArray always = job(QStringLiteral("always"));
        always.replace("\"Never\"", "\"Always\"");
        const SimApiTestClient::Reply refused = mKind.client().send("POST", kJobs, always);
        QCOMPARE(refused.code, 422);
        QCOMPARE(refused.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("Job.batch \"always\" is invalid: spec.template.spec.restartPolicy: Required value: valid "
                           "values: \"OnFailure\", \"Never\""));
        QByteArray empty = job(QStringLiteral("empty"));
        empty.replace(R"([{"name":"rsync",
        "image":"busybox"}])",
            "[]");
        const SimApiTestClient::Reply noContainers = mKind.client().send("POST", kJobs, empty);
        QCOMPARE(noContainers.code, 422);
        QVERIFY2(noContainers.body.contains("spec.template.spec.containers"), noContainers.body.constData());
    }

    // ValidateJobSpecUpdate: the template, selector and completions stay as created; parallelism and labels change.
    void updateKeepsTemplateSelectorAndCompletions()
    {
        QCOMPARE(mKind.client().send("POST", kJobs, job(QStringLiteral("fixed"))).code, 201);
        const QString path = kJobs + QStringLiteral("/fixed");
        const auto patch = [&](const QByteArray &body) {
            return mKind.client().send("PATCH", path, body, "application/merge-patch+json");
        };
        const SimApiTestClient::Reply image
            = patch(R"({"spec":{"template":{"spec":{"containers":[{"name":"rsync","image":"other"}]}}}})");
        QCOMPARE(image.code, 422);
        QCOMPARE(image.json.value(QStringLiteral("reason")).toString(), QStringLiteral("Invalid"));
        const QJsonArray causes
            = image.json.value(QStringLiteral("details")).toObject().value(QStringLiteral("causes")).toArray();
        QCOMPARE(causes.size(), 1);
        QCOMPARE(causes.first().toObject().value(QStringLiteral("field")).toString(), QStringLiteral("spec.template"));
        QVERIFY(causes.first()
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .endsWith(QStringLiteral("field is immutable")));
        const SimApiTestClient::Reply selector
            = patch(R"({"spec":{"selector":{"matchLabels":{"app":"mover"}},"manualSelector":true}})");
        QCOMPARE(selector.code, 422);
        QVERIFY2(selector.body.contains("spec.selector"), selector.body.constData());
        const SimApiTestClient::Reply completions = patch(R"({"spec":{"completions":3}})");
        QCOMPARE(completions.code, 422);
        QCOMPARE(completions.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("Job.batch \"fixed\" is invalid: spec.completions: Invalid value: 3: field is immutable"));
        QCOMPARE(patch(R"({"spec":{"parallelism":0},"metadata":{"labels":{"paused":"yes"}}})").code, 200);
        // A replace of what was read is no change of the template.
        SimApiTestClient::Reply read = mKind.client().send("GET", path);
        QCOMPARE(mKind.client().send("PUT", path, QJsonDocument(read.json).toJson()).code, 200);
    }

    void deleteOrphansPodsByDefault()
    {
        const SimApiTestClient::Reply created = mKind.client().send("POST", kJobs, job(QStringLiteral("orphaning")));
        QCOMPARE(created.code, 201);
        QVERIFY(addPod(created.json, QStringLiteral("orphaning-pod")));
        const SimApiTestClient::Reply removed = mKind.client().send("DELETE", kJobs + QStringLiteral("/orphaning"));
        QCOMPARE(removed.code, 200);
        QCOMPARE(metadataOf(removed.json).value(QStringLiteral("finalizers")).toArray(),
            QJsonArray({QStringLiteral("orphan")}));
        QVERIFY(removed.headers.value("warning").contains("child pods are preserved by default"));
        QVERIFY(!mKind.store()->get(QStringLiteral("jobs"), QStringLiteral("source"), QStringLiteral("orphaning")));
        const std::optional<QJsonObject> pod
            = mKind.store()->get(QStringLiteral("pods"), QStringLiteral("source"), QStringLiteral("orphaning-pod"));
        QVERIFY(pod);
        QVERIFY(!metadataOf(*pod).contains(QStringLiteral("ownerReferences")));
    }

    void deleteInBackgroundTakesThePods()
    {
        const SimApiTestClient::Reply created = mKind.client().send("POST", kJobs, job(QStringLiteral("cascading")));
        QCOMPARE(created.code, 201);
        QVERIFY(addPod(created.json, QStringLiteral("cascading-pod")));
        const SimApiTestClient::Reply removed = mKind.client().send(
            "DELETE", kJobs + QStringLiteral("/cascading"), R"({"propagationPolicy":"Background"})");
        QCOMPARE(removed.code, 200);
        QCOMPARE(removed.json.value(QStringLiteral("kind")).toString(), QStringLiteral("Status"));
        QVERIFY(!removed.headers.contains("warning"));
        QTRY_VERIFY(
            !mKind.store()->get(QStringLiteral("pods"), QStringLiteral("source"), QStringLiteral("cascading-pod")));
        // DeleteOptions are checked before the object is looked up.
        QCOMPARE(
            mKind.client().send("DELETE", kJobs + QStringLiteral("/x"), R"({"propagationPolicy":"Sometimes"})").code,
            422);
    }
};

QTEST_GUILESS_MAIN(TestSimJobs)
#include "test_simjobs.moc"
