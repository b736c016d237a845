// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simscenarios.h"

#include "sim/simapihandler.h"
#include "sim/simstatus.h"
#include "sim/simstore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
const QString kScenario = QStringLiteral("scenario");
const QString kNamespace = QStringLiteral("namespace");
const QString kName = QStringLiteral("name");

SimHttpResponse answer(int code, const QJsonObject &body)
{
    return SimApiHandler::jsonResponse(code, body);
}
} // namespace

SimScenarios::SimScenarios(SimStore *store)
    : QObject(store)
    , mStore(store)
{ }

SimScenarios *SimScenarios::of(SimStore *store)
{
    auto *scenarios = store->findChild<SimScenarios *>(QString(), Qt::FindDirectChildrenOnly);
    return scenarios ? scenarios : new SimScenarios(store);
}

QStringList SimScenarios::names()
{
    return {QStringLiteral("pvcPending"), QStringLiteral("loadBalancerPending"), QStringLiteral("sshKeysChanged"),
        QStringLiteral("privilegedMoversRemoved"), QStringLiteral("imagePullBackOff"),
        QStringLiteral("crashLoopBackOff"), QStringLiteral("connectionRefused"), QStringLiteral("connectionTimeout"),
        QStringLiteral("clockSkew"), QStringLiteral("resticLocked")};
}

bool SimScenarios::add(const QJsonObject &scenario, QString *error)
{
    const QString name = scenario.value(kScenario).toString();
    if (!names().contains(name)) {
        *error = QStringLiteral("unknown scenario \"%1\": expected one of %2")
                     .arg(name, names().join(QStringLiteral(", ")));
        return false;
    }
    const bool namespaceOnly = name == QLatin1String("privilegedMoversRemoved");
    if (name == QLatin1String("clockSkew")) {
        // The whole cluster's clock: no namespace or object.
        if (!scenario.value(QStringLiteral("offsetSeconds")).isDouble()) {
            *error = QStringLiteral("scenario clockSkew needs \"offsetSeconds\" (a number)");
            return false;
        }
        remove(name, QString(), QString());
        mScenarios.append(scenario);
        return true;
    }
    if (scenario.value(kNamespace).toString().isEmpty()
        || (name == QLatin1String("sshKeysChanged") && scenario.value(kName).toString().isEmpty())) {
        *error = name == QLatin1String("sshKeysChanged")
            ? QStringLiteral("scenario %1 needs \"namespace\" and \"name\"").arg(name)
            : QStringLiteral("scenario %1 needs \"namespace\"").arg(name);
        return false;
    }
    if (name == QLatin1String("sshKeysChanged") || namespaceOnly) {
        applyOneShot(scenario);
        return true;
    }
    remove(name, scenario.value(kNamespace).toString(), scenario.value(kName).toString());
    mScenarios.append(scenario);
    Q_EMIT changed(scenario.value(kNamespace).toString(), scenario.value(kName).toString());
    return true;
}

void SimScenarios::applyOneShot(const QJsonObject &scenario)
{
    const QString ns = scenario.value(kNamespace).toString();
    if (scenario.value(kScenario).toString() == QLatin1String("privilegedMoversRemoved")) {
        if (auto object = mStore->get(QStringLiteral("namespaces"), QString(), ns)) {
            QJsonObject meta = object->value(QStringLiteral("metadata")).toObject();
            QJsonObject annotations = meta.value(QStringLiteral("annotations")).toObject();
            annotations.remove(QStringLiteral("volsync.backube/privileged-movers"));
            meta.insert(QStringLiteral("annotations"), annotations);
            meta.remove(QStringLiteral("resourceVersion"));
            object->insert(QStringLiteral("metadata"), meta);
            mStore->update(QStringLiteral("namespaces"), QString(), *object);
        }
        return;
    }
    // sshKeysChanged: the generated key Secrets go; the operator makes new keys, as when an RD is re-created.
    const QString rd = scenario.value(kName).toString();
    for (const char *prefix : {"volsync-rsync-dst-main-", "volsync-rsync-dst-src-", "volsync-rsync-dst-dest-"}) {
        mStore->remove(QStringLiteral("secrets"), ns, QLatin1String(prefix) + rd);
    }
}

void SimScenarios::remove(const QString &scenario, const QString &ns, const QString &name)
{
    for (qsizetype i = mScenarios.size() - 1; i >= 0; --i) {
        const QJsonObject s = mScenarios.at(i);
        if ((scenario.isEmpty() || s.value(kScenario).toString() == scenario)
            && (ns.isEmpty() || s.value(kNamespace).toString() == ns)
            && (name.isEmpty() || s.value(kName).toString() == name)) {
            mScenarios.removeAt(i);
            Q_EMIT changed(s.value(kNamespace).toString(), s.value(kName).toString());
        }
    }
}

QJsonObject SimScenarios::find(const QString &scenario, const QString &ns, const QString &name) const
{
    for (const QJsonObject &s : mScenarios) {
        const QString target = s.value(kName).toString();
        if (s.value(kScenario).toString() == scenario && s.value(kNamespace).toString() == ns
            && (target.isEmpty() || target == name)) {
            return s;
        }
    }
    return {};
}

QJsonObject SimScenarios::toJson() const
{
    QJsonArray list;
    for (const QJsonObject &s : mScenarios) {
        list.append(s);
    }
    return QJsonObject {
        {QStringLiteral("scenarios"), list}, {QStringLiteral("available"), QJsonArray::fromStringList(names())}};
}

SimHttpResponse SimScenarios::handleAdmin(const SimHttpRequest &request)
{
    if (request.method == "GET") {
        return answer(200, toJson());
    }
    if (request.method == "DELETE") {
        remove(request.queryValue("scenario"), request.queryValue("namespace"), request.queryValue("name"));
        return answer(200, toJson());
    }
    if (request.method == "POST" || request.method == "PUT") {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
        if (!document.isObject()) {
            return answer(400,
                SimStatus::badRequest(QStringLiteral("expected {\"scenario\": NAME, \"namespace\": NS, "
                                                     "\"name\": OBJECT}")));
        }
        QString error;
        if (!add(document.object(), &error)) {
            return answer(400, SimStatus::badRequest(error));
        }
        return answer(200, toJson());
    }
    return answer(405, SimStatus::methodNotAllowed());
}
