// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simdeletepropagation.h"

#include "sim/simresourceinfo.h"
#include "sim/simstatus.h"
#include "sim/simstore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

bool isJob(const SimResourceInfo &info)
{
    return info.group == QLatin1String("batch") && info.kind == QLatin1String("Job");
}

QString requestedPolicy(const SimHttpRequest &request, bool *orphanDependents)
{
    QString policy = request.queryValue("propagationPolicy");
    const QString orphan = request.queryValue("orphanDependents");
    if (!orphan.isEmpty())
        *orphanDependents = orphan == QLatin1String("true");
    if (!request.body.isEmpty()) {
        const QJsonObject options = QJsonDocument::fromJson(request.body).object();
        if (options.contains(QStringLiteral("propagationPolicy")))
            policy = options.value(QStringLiteral("propagationPolicy")).toString();
        if (options.value(QStringLiteral("orphanDependents")).isBool())
            *orphanDependents = options.value(QStringLiteral("orphanDependents")).toBool();
    }
    return policy;
}

} // namespace

std::optional<SimDeletePropagation::Policy> SimDeletePropagation::policy(
    const SimHttpRequest &request, const SimResourceInfo &info, QString *error)
{
    bool orphanDependents = false;
    const QString requested = requestedPolicy(request, &orphanDependents);
    if (requested == QLatin1String("Background"))
        return Policy::Background;
    if (requested == QLatin1String("Foreground"))
        return Policy::Foreground;
    if (requested == QLatin1String("Orphan") || (requested.isEmpty() && orphanDependents))
        return Policy::Orphan;
    if (!requested.isEmpty()) {
        *error = requested;
        return std::nullopt;
    }
    return isJob(info) ? Policy::Orphan : Policy::Background;
}

QJsonObject SimDeletePropagation::invalidPolicy(const QString &value)
{
    const QString detail = QStringLiteral("Unsupported value: \"%1\": supported values: \"Foreground\", "
                                          "\"Background\", \"Orphan\", \"nil\"")
                               .arg(value);
    const QJsonObject details {{QStringLiteral("group"), QStringLiteral("meta.k8s.io")},
        {QStringLiteral("kind"), QStringLiteral("DeleteOptions")},
        {QStringLiteral("causes"),
            QJsonArray {QJsonObject {{QStringLiteral("reason"), QStringLiteral("FieldValueNotSupported")},
                {QStringLiteral("message"), detail}, {QStringLiteral("field"), QStringLiteral("propagationPolicy")}}}}};
    return SimStatus::failure(422, QStringLiteral("Invalid"),
        QStringLiteral("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: ") + detail, details);
}

QByteArray SimDeletePropagation::defaultOrphanWarning(const SimHttpRequest &request, const SimResourceInfo &info)
{
    bool orphanDependents = false;
    if (!isJob(info) || !requestedPolicy(request, &orphanDependents).isEmpty() || orphanDependents)
        return {};
    return "299 - \"child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to "
           "remove them or set propagationPolicy=Orphan to suppress this warning\"";
}

QJsonObject SimDeletePropagation::held(const QJsonObject &object, Policy policy, const QString &now)
{
    QJsonObject shown = object;
    QJsonObject meta = shown.value(QStringLiteral("metadata")).toObject();
    if (!meta.contains(QStringLiteral("deletionTimestamp")))
        meta.insert(QStringLiteral("deletionTimestamp"), now);
    meta.insert(QStringLiteral("deletionGracePeriodSeconds"), 0);
    const QString finalizer
        = policy == Policy::Orphan ? QStringLiteral("orphan") : QStringLiteral("foregroundDeletion");
    QJsonArray finalizers = meta.value(QStringLiteral("finalizers")).toArray();
    if (!finalizers.contains(finalizer))
        finalizers.append(finalizer);
    meta.insert(QStringLiteral("finalizers"), finalizers);
    shown.insert(QStringLiteral("metadata"), meta);
    return shown;
}

void SimDeletePropagation::orphanDependents(SimStore *store, const QJsonObject &owner)
{
    const QJsonObject ownerMeta = owner.value(QStringLiteral("metadata")).toObject();
    const QString uid = ownerMeta.value(QStringLiteral("uid")).toString();
    const QString ns = ownerMeta.value(QStringLiteral("namespace")).toString();
    if (uid.isEmpty())
        return;
    for (const SimResourceInfo &info : simResources()) {
        if (!info.namespaced || ns.isEmpty())
            continue;
        for (const QJsonObject &object : store->list(info.plural, ns)) {
            QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
            const QJsonArray owners = meta.value(QStringLiteral("ownerReferences")).toArray();
            QJsonArray kept;
            for (const QJsonValue &reference : owners) {
                if (reference.toObject().value(QStringLiteral("uid")).toString() != uid)
                    kept.append(reference);
            }
            if (kept.size() == owners.size())
                continue;
            if (kept.isEmpty())
                meta.remove(QStringLiteral("ownerReferences"));
            else
                meta.insert(QStringLiteral("ownerReferences"), kept);
            meta.remove(QStringLiteral("resourceVersion"));
            QJsonObject updated = object;
            updated.insert(QStringLiteral("metadata"), meta);
            (void)store->update(info.plural, ns, updated);
        }
    }
}
