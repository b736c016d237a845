// SPDX-License-Identifier: GPL-3.0-or-later
// Server-side apply's field ownership in the simulator (SimFieldOwnership), on the answers kube-apiserver gave to the
// same requests (recorded with the real server; the differential tier compares them live): conflicts with another
// manager and their message, force, a value shared with another manager, removal of what an applier stops applying,
// a Service's ports merged by port and protocol, and an update taking over the fields it changed.

#include "sim/simfieldownership.h"
#include "sim/simresourceinfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QJsonObject labelsOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject();
}

const SimResourceInfo &info(const char *plural)
{
    return *simResource(QLatin1String(plural));
}

} // namespace

class TestSimFieldOwnership : public QObject
{
    Q_OBJECT

    // A PVC created by "volsyncctl" (an update: it owns every field it wrote).
    static QJsonObject createdPvc()
    {
        QJsonObject pvc = json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
            "labels":{"a":"1","b":"1"}},"spec":{"accessModes":["ReadWriteOnce"],
            "resources":{"requests":{"storage":"1Gi"}}}})");
        SimFieldOwnership::recordUpdate(info("persistentvolumeclaims"), nullptr, pvc, QStringLiteral("volsyncctl"),
            QStringLiteral("2026-12-07T01:55:36Z"));
        return pvc;
    }

private Q_SLOTS:
    void anApplyConflictsWithTheCreatorOfAField()
    {
        const SimFieldOwnership::Applied one = SimFieldOwnership::apply(info("persistentvolumeclaims"), createdPvc(),
            json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","labels":{"a":"2"}}})"),
            QStringLiteral("diff"), false, QString());
        QCOMPARE(one.conflict.value(QStringLiteral("code")).toInt(), 409);
        QCOMPARE(one.conflict.value(QStringLiteral("reason")).toString(), QStringLiteral("Conflict"));
        QCOMPARE(one.conflict.value(QStringLiteral("message")).toString(),
            QStringLiteral("Apply failed with 1 conflict: conflict with \"volsyncctl\" using v1: .metadata.labels.a"));
        QCOMPARE(one.conflict.value(QStringLiteral("details")).toObject().value(QStringLiteral("causes")),
            QJsonValue(QJsonArray {QJsonObject {{QStringLiteral("reason"), QStringLiteral("FieldManagerConflict")},
                {QStringLiteral("message"), QStringLiteral("conflict with \"volsyncctl\" using v1")},
                {QStringLiteral("field"), QStringLiteral(".metadata.labels.a")}}}));

        const SimFieldOwnership::Applied two = SimFieldOwnership::apply(info("persistentvolumeclaims"), createdPvc(),
            json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
                "labels":{"a":"2","b":"2"}}})"),
            QStringLiteral("diff"), false, QString());
        QCOMPARE(two.conflict.value(QStringLiteral("message")).toString(),
            QStringLiteral("Apply failed with 2 conflicts: conflicts with \"volsyncctl\" using v1:\n"
                           "- .metadata.labels.a\n- .metadata.labels.b"));
    }

    void forceTakesOverAndAnEqualValueIsShared()
    {
        const SimFieldOwnership::Applied forced = SimFieldOwnership::apply(info("persistentvolumeclaims"), createdPvc(),
            json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
                "labels":{"a":"2","c":"3"}}})"),
            QStringLiteral("diff"), true, QString());
        QVERIFY(forced.conflict.isEmpty());
        QCOMPARE(labelsOf(forced.object), json(R"({"a":"2","b":"1","c":"3"})"));
        // The creator lost .metadata.labels.a: a second forced-free apply of another value conflicts no more.
        const SimFieldOwnership::Applied again = SimFieldOwnership::apply(info("persistentvolumeclaims"), forced.object,
            json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
                "labels":{"a":"4","c":"3"}}})"),
            QStringLiteral("diff"), false, QString());
        QVERIFY(again.conflict.isEmpty());
        QCOMPARE(labelsOf(again.object), json(R"({"a":"4","b":"1","c":"3"})"));

        const SimFieldOwnership::Applied shared = SimFieldOwnership::apply(info("persistentvolumeclaims"), createdPvc(),
            json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","labels":{"a":"1"}}})"),
            QStringLiteral("diff"), false, QString());
        QVERIFY(shared.conflict.isEmpty());
        // Dropping the shared label later keeps it: the creator still owns it.
        const SimFieldOwnership::Applied dropped = SimFieldOwnership::apply(info("persistentvolumeclaims"),
            shared.object, json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"}})"),
            QStringLiteral("diff"), false, QString());
        QCOMPARE(labelsOf(dropped.object), json(R"({"a":"1","b":"1"})"));
    }

    void whatAnApplierNoLongerAppliesGoes()
    {
        const QJsonObject config = json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
            "labels":{"a":"1","b":"1"}},"spec":{"accessModes":["ReadWriteOnce"],
            "resources":{"requests":{"storage":"1Gi"}}}})");
        const SimFieldOwnership::Applied created = SimFieldOwnership::apply(
            info("persistentvolumeclaims"), QJsonObject(), config, QStringLiteral("diff"), false, QString());
        QVERIFY(created.conflict.isEmpty());
        QCOMPARE(labelsOf(created.object), json(R"({"a":"1","b":"1"})"));
        QJsonObject withoutLabels = config;
        QJsonObject meta = withoutLabels.value(QStringLiteral("metadata")).toObject();
        meta.remove(QStringLiteral("labels"));
        withoutLabels.insert(QStringLiteral("metadata"), meta);
        const SimFieldOwnership::Applied after = SimFieldOwnership::apply(
            info("persistentvolumeclaims"), created.object, withoutLabels, QStringLiteral("diff"), false, QString());
        // The map emptied by the removal goes too, as kube-apiserver drops it.
        QVERIFY(!after.object.value(QStringLiteral("metadata")).toObject().contains(QStringLiteral("labels")));
        QCOMPARE(after.object.value(QStringLiteral("spec")), config.value(QStringLiteral("spec")));
    }

    void serviceportsMergeByPortAndProtocol()
    {
        QJsonObject service = json(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
            "spec":{"selector":{"app":"mover"},"ports":[{"name":"ssh","port":22,"protocol":"TCP","targetPort":2222}]}})");
        SimFieldOwnership::recordUpdate(info("services"), nullptr, service, QStringLiteral("volsyncctl"), QString());
        const SimFieldOwnership::Applied added = SimFieldOwnership::apply(info("services"), service,
            json(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
                "spec":{"ports":[{"name":"tls","port":8000,"protocol":"TCP"}]}})"),
            QStringLiteral("diff"), false, QString());
        QVERIFY(added.conflict.isEmpty());
        QCOMPARE(added.object.value(QStringLiteral("spec")).toObject().value(QStringLiteral("ports")),
            QJsonValue(json(R"({"p":[{"name":"ssh","port":22,"protocol":"TCP","targetPort":2222},
                {"name":"tls","port":8000,"protocol":"TCP"}]})")
                           .value(QStringLiteral("p"))));
        // A field of the creator's port, set to another value (a port without protocol is keyed as TCP).
        const SimFieldOwnership::Applied conflict = SimFieldOwnership::apply(info("services"), service,
            json(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
                "spec":{"ports":[{"name":"ssh","port":22,"targetPort":2200}]}})"),
            QStringLiteral("diff"), false, QString());
        QCOMPARE(conflict.conflict.value(QStringLiteral("message")).toString(),
            QStringLiteral("Apply failed with 1 conflict: conflict with \"volsyncctl\" using v1: "
                           ".spec.ports[port=22,protocol=\"TCP\"].targetPort"));
    }

    void anUpdateTakesOverTheFieldsItChanged()
    {
        const SimFieldOwnership::Applied applied = SimFieldOwnership::apply(info("persistentvolumeclaims"),
            QJsonObject(), json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
                "labels":{"a":"1","b":"1"}}})"),
            QStringLiteral("diff"), false, QString());
        QJsonObject patched = applied.object;
        QJsonObject meta = patched.value(QStringLiteral("metadata")).toObject();
        meta.insert(QStringLiteral("labels"), json(R"({"a":"1","b":"9"})"));
        patched.insert(QStringLiteral("metadata"), meta);
        SimFieldOwnership::recordUpdate(
            info("persistentvolumeclaims"), &applied.object, patched, QStringLiteral("kubectl"), QString());
        // Applying the old value again conflicts with the updater of b only.
        const SimFieldOwnership::Applied again = SimFieldOwnership::apply(info("persistentvolumeclaims"), patched,
            json(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
                "labels":{"a":"1","b":"1"}}})"),
            QStringLiteral("diff"), false, QString());
        QCOMPARE(again.conflict.value(QStringLiteral("message")).toString(),
            QStringLiteral("Apply failed with 1 conflict: conflict with \"kubectl\" using v1: .metadata.labels.b"));
    }

    void theRequestItselfIsChecked()
    {
        QCOMPARE(SimFieldOwnership::refusedConfig(json(R"({"apiVersion":"v2","metadata":{"name":"data"}})"),
                     QStringLiteral("data"), QStringLiteral("v1"))
                     .value(QStringLiteral("message"))
                     .toString(),
            QStringLiteral("Incorrect version specified in apply patch. Specified patch version: v2, expected: v1"));
        QCOMPARE(SimFieldOwnership::refusedConfig(
                     json(R"({"apiVersion":"v1","metadata":{}})"), QStringLiteral("data"), QStringLiteral("v1"))
                     .value(QStringLiteral("message"))
                     .toString(),
            QStringLiteral("the name of the object (data based on URL) was undeterminable: name must be provided"));
        QVERIFY(SimFieldOwnership::refusedConfig(
            json(R"({"apiVersion":"v1","metadata":{"name":"data"}})"), QStringLiteral("data"), QStringLiteral("v1"))
                    .isEmpty());
        QCOMPARE(SimFieldOwnership::forceRefused().value(QStringLiteral("code")).toInt(), 422);
    }
};

QTEST_GUILESS_MAIN(TestSimFieldOwnership)
#include "test_simfieldownership.moc"
