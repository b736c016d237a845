// SPDX-License-Identifier: GPL-3.0-or-later
// Our VolSync validation rules (SimValidator) against the real CRD schemas read from
// ../shared/reference/crds: every sample of the corpus (tests/data/sim/validation-corpus.json) must be judged
// the same way by both - same invalid fields, same unknown (pruned) fields.
#include "sim/simcorevalidator.h"
#include "sim/simdefaults.h"
#include "sim/simresourceinfo.h"
#include "sim/simvalidator.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <yaml-cpp/yaml.h>

namespace {

// YAML (the CRD) to JSON, strings staying strings unless the YAML scalar is plainly a number or a boolean.
QJsonValue toJson(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (auto it = node.begin(); it != node.end(); ++it)
            object.insert(QString::fromStdString(it->first.as<std::string>()), toJson(it->second));
        return object;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const YAML::Node &item : node)
            array.append(toJson(item));
        return array;
    }
    case YAML::NodeType::Scalar: {
        const QString text = QString::fromStdString(node.Scalar());
        if (node.Tag() == "!")
            return text; // quoted
        if (text == QLatin1String("true") || text == QLatin1String("false"))
            return text == QLatin1String("true");
        bool ok = false;
        const qlonglong number = text.toLongLong(&ok);
        if (ok)
            return number;
        return text;
    }
    default:
        return QJsonValue();
    }
}

// A small, independent OpenAPI v3 (structural schema) checker: the subset the VolSync CRDs use.
class CrdSchema
{
public:
    explicit CrdSchema(QJsonObject root)
        : mRoot(std::move(root))
    { }

    void check(const QJsonObject &object, QStringList *invalid, QStringList *unknown) const
    {
        walk(mRoot, object, QString(), invalid, unknown);
    }

private:
    static QString child(const QString &path, const QString &key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    static bool isInteger(const QJsonValue &value)
    {
        return value.isDouble() && value.toDouble() == double(value.toInteger());
    }

    void walk(const QJsonObject &schema, const QJsonValue &value, const QString &path, QStringList *invalid,
        QStringList *unknown) const
    {
        if (value.isNull() || value.isUndefined())
            return;
        const QString type = schema.value(QStringLiteral("type")).toString();
        if (schema.value(QStringLiteral("x-kubernetes-int-or-string")).toBool()) {
            if (isInteger(value))
                return;
            if (!value.isString()) {
                invalid->append(path);
                return;
            }
        } else if (type == QLatin1String("object")) {
            if (!value.isObject()) {
                invalid->append(path);
                return;
            }
        } else if (type == QLatin1String("array")) {
            if (!value.isArray()) {
                invalid->append(path);
                return;
            }
        } else if (type == QLatin1String("string")) {
            if (!value.isString()) {
                invalid->append(path);
                return;
            }
        } else if (type == QLatin1String("integer")) {
            if (!isInteger(value)) {
                invalid->append(path);
                return;
            }
        } else if (type == QLatin1String("boolean")) {
            if (!value.isBool()) {
                invalid->append(path);
                return;
            }
        } else if (type == QLatin1String("number")) {
            if (!value.isDouble()) {
                invalid->append(path);
                return;
            }
        }
        if (value.isString()) {
            const QString text = value.toString();
            const QJsonArray allowed = schema.value(QStringLiteral("enum")).toArray();
            if (!allowed.isEmpty() && !allowed.contains(text))
                invalid->append(path);
            if (schema.contains(QStringLiteral("pattern"))
                && !QRegularExpression(schema.value(QStringLiteral("pattern")).toString()).match(text).hasMatch())
                invalid->append(path);
            if (schema.contains(QStringLiteral("maxLength"))
                && text.size() > schema.value(QStringLiteral("maxLength")).toInt())
                invalid->append(path);
            if (schema.contains(QStringLiteral("minLength"))
                && text.size() < schema.value(QStringLiteral("minLength")).toInt())
                invalid->append(path);
            if (schema.value(QStringLiteral("format")).toString() == QLatin1String("date-time")
                && !QDateTime::fromString(text, Qt::ISODateWithMs).isValid())
                invalid->append(path);
        }
        if (isInteger(value)) {
            if (schema.contains(QStringLiteral("minimum"))
                && value.toInteger() < schema.value(QStringLiteral("minimum")).toInteger())
                invalid->append(path);
            if (schema.contains(QStringLiteral("maximum"))
                && value.toInteger() > schema.value(QStringLiteral("maximum")).toInteger())
                invalid->append(path);
        }
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray()) {
                if (!object.contains(name.toString()) || object.value(name.toString()).isNull())
                    invalid->append(child(path, name.toString()));
            }
            const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
            const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
            const bool preserve = schema.value(QStringLiteral("x-kubernetes-preserve-unknown-fields")).toBool();
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (properties.contains(it.key()))
                    walk(properties.value(it.key()).toObject(), it.value(), child(path, it.key()), invalid, unknown);
                else if (additional.isObject())
                    walk(additional.toObject(), it.value(), child(path, it.key()), invalid, unknown);
                else if (!preserve && !(path == QLatin1String("metadata")))
                    unknown->append(child(path, it.key()));
            }
        }
        if (value.isArray()) {
            const QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i)
                walk(schema.value(QStringLiteral("items")).toObject(), array.at(i),
                    QStringLiteral("%1[%2]").arg(path).arg(i), invalid, unknown);
        }
    }

    QJsonObject mRoot;
};

QJsonObject crdSchema(const QString &file)
{
    const YAML::Node crd
        = YAML::LoadFile(QString(QStringLiteral(VOLSYNC_SHARED_DIR "/reference/crds/") + file).toStdString());
    return toJson(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]).toObject();
}

QStringList sortedUnique(QStringList list)
{
    list.sort();
    list.removeDuplicates();
    return list;
}

QStringList fieldsOf(const QJsonArray &causes)
{
    QStringList fields;
    for (const QJsonValue &cause : causes)
        fields.append(cause.toObject().value(QStringLiteral("field")).toString());
    return fields;
}

} // namespace

class TestSimApiValidation : public QObject
{
    Q_OBJECT

private:
    QHash<QString, QJsonObject> mSchemas;

private Q_SLOTS:
    void initTestCase()
    {
        const QString dir = QStringLiteral(VOLSYNC_SHARED_DIR "/reference/crds/");
        if (!QFile::exists(dir + QStringLiteral("volsync.backube_replicationsources.yaml")))
            QSKIP("the reference CRDs are not next to the project (../shared/reference/crds)");
        mSchemas.insert(
            QStringLiteral("ReplicationSource"), crdSchema(QStringLiteral("volsync.backube_replicationsources.yaml")));
        mSchemas.insert(QStringLiteral("ReplicationDestination"),
            crdSchema(QStringLiteral("volsync.backube_replicationdestinations.yaml")));
        QVERIFY(mSchemas.value(QStringLiteral("ReplicationSource")).contains(QStringLiteral("properties")));
    }

    void rulesAgreeWithTheCrds_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QFile file(QStringLiteral(VOLSYNC_TEST_DATA_DIR "/sim/validation-corpus.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray corpus = QJsonDocument::fromJson(file.readAll()).array();
        QVERIFY(corpus.size() >= 40);
        for (const QJsonValue &entry : corpus) {
            const QJsonObject sample = entry.toObject();
            QTest::newRow(qPrintable(sample.value(QStringLiteral("name")).toString()))
                << sample.value(QStringLiteral("object")).toObject();
        }
    }

    void rulesAgreeWithTheCrds()
    {
        QFETCH(QJsonObject, object);
        const QString kind = object.value(QStringLiteral("kind")).toString();
        const SimResourceInfo *info
            = simResource(kind == QLatin1String("ReplicationSource") ? QStringLiteral("replicationsources")
                                                                     : QStringLiteral("replicationdestinations"));
        QVERIFY(info);
        QStringList crdInvalid;
        QStringList crdUnknown;
        CrdSchema(mSchemas.value(kind)).check(object, &crdInvalid, &crdUnknown);

        QStringList ours
            = fieldsOf(SimValidator::validate(*info, object)) + fieldsOf(SimValidator::validateStatus(*info, object));
        QCOMPARE(sortedUnique(ours), sortedUnique(crdInvalid));
        QCOMPARE(sortedUnique(SimValidator::unknownFields(*info, object)), sortedUnique(crdUnknown));
        // pruning removes exactly the unknown fields
        if (!crdUnknown.isEmpty()) {
            const QJsonObject pruned = SimValidator::prune(*info, object);
            QVERIFY(SimValidator::unknownFields(*info, pruned).isEmpty());
            QCOMPARE(pruned.value(QStringLiteral("metadata")), object.value(QStringLiteral("metadata")));
        }
    }

    void corpusCoversBothOutcomes()
    {
        // The comparison above proves something only if the corpus has valid, invalid and unknown-field samples.
        QFile file(QStringLiteral(VOLSYNC_TEST_DATA_DIR "/sim/validation-corpus.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        int valid = 0;
        int invalid = 0;
        int unknown = 0;
        for (const QJsonValue &entry : QJsonDocument::fromJson(file.readAll()).array()) {
            const QJsonObject object = entry.toObject().value(QStringLiteral("object")).toObject();
            QStringList bad;
            QStringList extra;
            CrdSchema(mSchemas.value(object.value(QStringLiteral("kind")).toString())).check(object, &bad, &extra);
            valid += bad.isEmpty() && extra.isEmpty() ? 1 : 0;
            invalid += bad.isEmpty() ? 0 : 1;
            unknown += extra.isEmpty() ? 0 : 1;
        }
        QVERIFY2(valid >= 12, qPrintable(QString::number(valid)));
        QVERIFY2(invalid >= 20, qPrintable(QString::number(invalid)));
        QVERIFY2(unknown >= 5, qPrintable(QString::number(unknown)));
    }

    void messagesInTheApiserverWording_data()
    {
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("enum")
            << QByteArray(R"({"rsync":{"copyMethod":"Teleport"}})") << QStringLiteral("FieldValueNotSupported")
            << QStringLiteral("spec.rsync.copyMethod")
            << QStringLiteral(
                   "Unsupported value: \"Teleport\": supported values: \"Direct\", \"None\", \"Clone\", \"Snapshot\"");
        QTest::newRow("type")
            << QByteArray(R"({"paused":"yes"})") << QStringLiteral("FieldValueTypeInvalid")
            << QStringLiteral("spec.paused")
            << QStringLiteral("Invalid value: \"string\": spec.paused in body must be of type boolean: \"string\"");
        QTest::newRow("maximum")
            << QByteArray(R"({"rsync":{"port":70000}})") << QStringLiteral("FieldValueInvalid")
            << QStringLiteral("spec.rsync.port")
            << QStringLiteral("Invalid value: 70000: spec.rsync.port in body should be less than or equal to 65535");
        QTest::newRow("required") << QByteArray(R"({"syncthing":{"peers":[{"ID":"a","address":"b"}]}})")
                                  << QStringLiteral("FieldValueRequired")
                                  << QStringLiteral("spec.syncthing.peers[0].introducer")
                                  << QStringLiteral("Required value");
    }

    void messagesInTheApiserverWording()
    {
        QFETCH(QByteArray, spec);
        QFETCH(QString, reason);
        QFETCH(QString, field);
        QFETCH(QString, message);
        QJsonObject object {{QStringLiteral("kind"), QStringLiteral("ReplicationSource")},
            {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("sample")}}},
            {QStringLiteral("spec"), QJsonDocument::fromJson(spec).object()}};
        const QJsonArray causes = SimValidator::validate(*simResource(QStringLiteral("replicationsources")), object);
        QCOMPARE(causes.size(), 1);
        QCOMPARE(causes.at(0).toObject().value(QStringLiteral("reason")).toString(), reason);
        QCOMPARE(causes.at(0).toObject().value(QStringLiteral("field")).toString(), field);
        QCOMPARE(causes.at(0).toObject().value(QStringLiteral("message")).toString(), message);
    }

    void builtInKindsKnowTheirFields()
    {
        // fieldValidation for built-in kinds (current Kubernetes): their decoder knows their fields.
        const SimResourceInfo &services = *simResource(QStringLiteral("services"));
        const QJsonObject unknown {{QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("whatever"), 1},
                {QStringLiteral("ports"),
                    QJsonArray {QJsonObject {{QStringLiteral("port"), 22}, {QStringLiteral("nodeport"), 1}}}}}}};
        QCOMPARE(SimValidator::unknownFields(services, unknown),
            (QStringList {QStringLiteral("spec.ports[0].nodeport"), QStringLiteral("spec.whatever")}));
        const QJsonObject known {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("labels"), QJsonObject()}}},
            {QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("type"), QStringLiteral("ClusterIP")},
                    {QStringLiteral("selector"), QJsonObject {{QStringLiteral("app"), QStringLiteral("x")}}},
                    {QStringLiteral("ports"), QJsonArray {QJsonObject {{QStringLiteral("port"), 22}}}}}},
            {QStringLiteral("status"), QJsonObject {{QStringLiteral("anything"), 1}}}};
        QVERIFY(SimValidator::unknownFields(services, known).isEmpty());
        QCOMPARE(SimValidator::prune(services, unknown).value(QStringLiteral("spec")).toObject().keys(),
            QStringList {QStringLiteral("ports")});
    }

    void builtInKinds_data()
    {
        // Answers of kube-apiserver (current wording) for objects the product and its tests write.
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("fields");
        QTest::newRow("secret ok") << QStringLiteral(
            "secrets") << QByteArray(R"({"metadata":{"name":"volsync-rsync-tls-x"},"data":{"psk.txt":"eA=="}})")
                                   << QStringList();
        QTest::newRow("secret name") << QStringLiteral("secrets") << QByteArray(R"({"metadata":{"name":"Bad_Name"}})")
                                     << QStringList {QStringLiteral("metadata.name")};
        QTest::newRow("secret no name") << QStringLiteral("secrets") << QByteArray(R"({"metadata":{}})")
                                        << QStringList {QStringLiteral("metadata.name")};
        QTest::newRow("secret key") << QStringLiteral("secrets")
                                    << QByteArray(R"({"metadata":{"name":"s"},"data":{"a b":"eA=="}})")
                                    << QStringList {QStringLiteral("data[a b]")};
        QTest::newRow("secret tls") << QStringLiteral("secrets")
                                    << QByteArray(R"({"metadata":{"name":"s"},"type":"kubernetes.io/tls"})")
                                    << QStringList {QStringLiteral("data[tls.crt]"), QStringLiteral("data[tls.key]")};
        QTest::newRow("label value") << QStringLiteral("secrets")
                                     << QByteArray(R"({"metadata":{"name":"s","labels":{"a":"not ok"}}})")
                                     << QStringList {QStringLiteral("metadata.labels")};
        QTest::newRow("namespace dots") << QStringLiteral("namespaces") << QByteArray(R"({"metadata":{"name":"a.b"}})")
                                        << QStringList {QStringLiteral("metadata.name")};
        QTest::newRow("pvc ok") << QStringLiteral("persistentvolumeclaims")
                                << QByteArray(R"({"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
                                       "resources":{"requests":{"storage":"1Gi"}},"dataSource":{
                                       "apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot","name":"s"}}})")
                                << QStringList();
        QTest::newRow("pvc empty") << QStringLiteral("persistentvolumeclaims")
                                   << QByteArray(R"({"metadata":{"name":"data"},"spec":{}})")
                                   << QStringList {QStringLiteral("spec.accessModes"),
                                          QStringLiteral("spec.resources[storage]")};
        QTest::newRow("pvc data source") << QStringLiteral("persistentvolumeclaims")
                                         << QByteArray(R"({"metadata":{"name":"data"},"spec":{"accessModes":[
                                                "ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
                                                "dataSource":{"kind":"VolumeSnapshot"}}})")
                                         << QStringList {QStringLiteral("spec.dataSource.name"),
                                                QStringLiteral("spec.dataSource")};
        QTest::newRow("service name") << QStringLiteral("services")
                                      << QByteArray(R"({"metadata":{"name":"1svc"},"spec":{"type":"ClusterIP",
                                             "ports":[{"port":22,"protocol":"TCP"}]}})")
                                      << QStringList {QStringLiteral("metadata.name")};
        QTest::newRow("service ports") << QStringLiteral("services")
                                       << QByteArray(R"({"metadata":{"name":"svc"},"spec":{"type":"ClusterIP"}})")
                                       << QStringList {QStringLiteral("spec.ports")};
        QTest::newRow("snapshot source") << QStringLiteral("volumesnapshots")
                                         << QByteArray(R"({"metadata":{"name":"snap"},"spec":{"source":{}}})")
                                         << QStringList {QStringLiteral("spec.source")};
        QTest::newRow("snapshot class") << QStringLiteral("volumesnapshotclasses")
                                        << QByteArray(R"({"metadata":{"name":"c"},"deletionPolicy":"Keep"})")
                                        << QStringList {QStringLiteral("driver"), QStringLiteral("deletionPolicy")};
    }

    void builtInKinds()
    {
        QFETCH(QString, resource);
        QFETCH(QByteArray, json);
        QFETCH(QStringList, fields);
        const QJsonArray causes
            = SimValidator::validate(*simResource(resource), QJsonDocument::fromJson(json).object());
        QCOMPARE(sortedUnique(fieldsOf(causes)), sortedUnique(fields));
    }

    void nameRulesPerKind()
    {
        const QString wording = QStringLiteral(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
            "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        QCOMPARE(SimCoreValidator::nameErrors(*simResource(QStringLiteral("secrets")), QStringLiteral("Bad_Name")),
            QStringList {wording});
        QVERIFY(SimCoreValidator::nameErrors(*simResource(QStringLiteral("secrets")), QStringLiteral("a.b")).isEmpty());
        QCOMPARE(SimCoreValidator::nameErrors(*simResource(QStringLiteral("namespaces")), QStringLiteral("a.b")),
            QStringList {QStringLiteral("must not contain dots")});
        QCOMPARE(SimCoreValidator::nameErrors(*simResource(QStringLiteral("secrets")), QString(254, QLatin1Char('a'))),
            QStringList {QStringLiteral("must be no more than 253 characters")});
        QVERIFY(
            !SimCoreValidator::nameErrors(*simResource(QStringLiteral("services")), QStringLiteral("1svc")).isEmpty());
    }

    void secretStringDataBecomesData()
    {
        QJsonObject secret = QJsonDocument::fromJson(
            R"({"metadata":{"name":"s"},"data":{"a":"b2xk","b":"Yg=="},"stringData":{"a":"new"}})")
                                 .object();
        QVERIFY(!SimDefaults::decode(*simResource(QStringLiteral("secrets")), secret));
        QVERIFY(!secret.contains(QStringLiteral("stringData")));
        QCOMPARE(secret.value(QStringLiteral("data")).toObject().value(QStringLiteral("a")).toString(),
            QStringLiteral("bmV3"));
        QCOMPARE(secret.value(QStringLiteral("data")).toObject().value(QStringLiteral("b")).toString(),
            QStringLiteral("Yg=="));
        QJsonObject broken = QJsonDocument::fromJson(R"({"data":{"a":"not base64!"}})").object();
        QVERIFY(SimDefaults::decode(*simResource(QStringLiteral("secrets")), broken));
    }
};

QTEST_GUILESS_MAIN(TestSimApiValidation)
#include "test_simapi_validation.moc"
