// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simstatus.h"

#include "sim/simresourceinfo.h"

#include <QJsonDocument>
#include <QStringList>

QJsonObject SimStatus::failure(int code, const QString &reason, const QString &message, const QJsonObject &details)
{
    // Key order on the wire follows the apiserver (see SimJson); QJsonObject sorts keys itself.
    QJsonObject status;
    status.insert(QStringLiteral("kind"), QStringLiteral("Status"));
    status.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    status.insert(QStringLiteral("metadata"), QJsonObject());
    status.insert(QStringLiteral("status"), QStringLiteral("Failure"));
    status.insert(QStringLiteral("message"), message);
    if (!reason.isEmpty())
        status.insert(QStringLiteral("reason"), reason);
    if (!details.isEmpty())
        status.insert(QStringLiteral("details"), details);
    status.insert(QStringLiteral("code"), code);
    return status;
}

QJsonObject SimStatus::success(const QJsonObject &details)
{
    QJsonObject status;
    status.insert(QStringLiteral("kind"), QStringLiteral("Status"));
    status.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    status.insert(QStringLiteral("metadata"), QJsonObject());
    status.insert(QStringLiteral("status"), QStringLiteral("Success"));
    if (!details.isEmpty())
        status.insert(QStringLiteral("details"), details);
    return status;
}

QJsonObject SimStatus::details(const SimResourceInfo &info, const QString &name)
{
    QJsonObject details;
    if (!name.isEmpty())
        details.insert(QStringLiteral("name"), name);
    if (!info.group.isEmpty())
        details.insert(QStringLiteral("group"), info.group);
    details.insert(QStringLiteral("kind"), info.plural);
    return details;
}

QJsonObject SimStatus::notFound(const SimResourceInfo &info, const QString &name)
{
    return failure(404, QStringLiteral("NotFound"),
        QStringLiteral("%1 \"%2\" not found").arg(info.qualifiedName(), name), details(info, name));
}

QJsonObject SimStatus::alreadyExists(const SimResourceInfo &info, const QString &name)
{
    return failure(409, QStringLiteral("AlreadyExists"),
        QStringLiteral("%1 \"%2\" already exists").arg(info.qualifiedName(), name), details(info, name));
}

QJsonObject SimStatus::conflict(const SimResourceInfo &info, const QString &name)
{
    return failure(409, QStringLiteral("Conflict"),
        QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": the object has been modified; please "
                       "apply your changes to the latest version and try again")
            .arg(info.qualifiedName(), name),
        details(info, name));
}

QJsonObject SimStatus::invalid(const SimResourceInfo &info, const QString &name, const QJsonArray &causes)
{
    QStringList parts;
    for (const QJsonValue &cause : causes) {
        const QJsonObject c = cause.toObject();
        const QString field = c.value(QStringLiteral("field")).toString();
        const QString message = c.value(QStringLiteral("message")).toString();
        parts.append(field.isEmpty() ? message : field + QStringLiteral(": ") + message);
    }
    const QString kindName = info.group.isEmpty() ? info.kind : info.kind + QLatin1Char('.') + info.group;
    const QString joined = parts.size() == 1 ? parts.constFirst()
                                             : QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    QJsonObject det;
    det.insert(QStringLiteral("name"), name);
    if (!info.group.isEmpty())
        det.insert(QStringLiteral("group"), info.group);
    det.insert(QStringLiteral("kind"), info.kind);
    det.insert(QStringLiteral("causes"), causes);
    return failure(
        422, QStringLiteral("Invalid"), QStringLiteral("%1 \"%2\" is invalid: %3").arg(kindName, name, joined), det);
}

QJsonObject SimStatus::forbidden(
    const SimResourceInfo &info, const QString &name, const QString &user, const QString &verb, const QString &ns)
{
    const QString subject
        = name.isEmpty() ? info.qualifiedName() : QStringLiteral("%1 \"%2\"").arg(info.qualifiedName(), name);
    QString message = QStringLiteral("%1 is forbidden: User \"%2\" cannot %3 resource \"%4\" in API group \"%5\"")
                          .arg(subject, user, verb, info.plural, info.group);
    message
        += ns.isEmpty() ? QStringLiteral(" at the cluster scope") : QStringLiteral(" in the namespace \"%1\"").arg(ns);
    return failure(403, QStringLiteral("Forbidden"), message, details(info, name));
}

QJsonObject SimStatus::namespaceTerminating(const SimResourceInfo &info, const QString &name, const QString &ns)
{
    return failure(403, QStringLiteral("Forbidden"),
        QStringLiteral("%1 \"%2\" is forbidden: unable to create new content in namespace %3 because it is "
                       "being terminated")
            .arg(info.qualifiedName(), name, ns),
        details(info, name));
}

QJsonObject SimStatus::unauthorized()
{
    return failure(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
}

QJsonObject SimStatus::expired(qint64 requested, qint64 oldest)
{
    return failure(
        410, QStringLiteral("Expired"), QStringLiteral("too old resource version: %1 (%2)").arg(requested).arg(oldest));
}

QJsonObject SimStatus::badRequest(const QString &message)
{
    return failure(400, QStringLiteral("BadRequest"), message);
}

QJsonObject SimStatus::methodNotAllowed(const QString &message)
{
    return failure(405, QStringLiteral("MethodNotAllowed"),
        message.isEmpty() ? QStringLiteral("the server does not allow this method on the requested resource")
                          : message);
}

QJsonObject SimStatus::tooManyRequests(int retryAfterSeconds)
{
    QJsonObject det;
    det.insert(QStringLiteral("retryAfterSeconds"), retryAfterSeconds);
    return failure(429, QStringLiteral("TooManyRequests"),
        QStringLiteral("The server has received too many requests and has asked us to try again later"), det);
}

QJsonObject SimStatus::internalError(const QString &message)
{
    return failure(500, QStringLiteral("InternalError"), QStringLiteral("Internal error occurred: %1").arg(message));
}

QJsonObject SimStatus::serviceUnavailable(const QString &message)
{
    return failure(503, QStringLiteral("ServiceUnavailable"), message);
}

namespace {

QByteArray compact(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // Scalars: wrap in an array and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QByteArray ordered(const QJsonObject &object, const QStringList &order)
{
    QByteArray out = "{";
    bool first = true;
    auto add = [&](const QString &key, const QByteArray &value) {
        if (!first)
            out += ',';
        first = false;
        out += compact(QJsonValue(key)) + ':' + value;
    };
    for (const QString &key : order) {
        if (!object.contains(key))
            continue;
        const QJsonValue value = object.value(key);
        if (key == QLatin1String("details")) {
            const QJsonObject details = value.toObject();
            QByteArray causes;
            if (details.contains(QStringLiteral("causes"))) {
                causes = "[";
                const QJsonArray array = details.value(QStringLiteral("causes")).toArray();
                for (qsizetype i = 0; i < array.size(); ++i) {
                    if (i > 0)
                        causes += ',';
                    causes += ordered(array.at(i).toObject(),
                        {QStringLiteral("reason"), QStringLiteral("message"), QStringLiteral("field")});
                }
                causes += ']';
            }
            QByteArray detailsText = ordered(details,
                {QStringLiteral("name"), QStringLiteral("group"), QStringLiteral("kind"), QStringLiteral("uid")});
            if (!causes.isEmpty()) {
                detailsText.chop(1);
                detailsText += (detailsText.size() > 1 ? "," : "") + QByteArray("\"causes\":") + causes + '}';
            }
            if (details.contains(QStringLiteral("retryAfterSeconds"))) {
                detailsText.chop(1);
                detailsText += (detailsText.size() > 1 ? "," : "") + QByteArray("\"retryAfterSeconds\":")
                    + compact(details.value(QStringLiteral("retryAfterSeconds"))) + '}';
            }
            add(key, detailsText);
        } else {
            add(key, compact(value));
        }
    }
    out += '}';
    return out;
}

} // namespace

QByteArray SimStatus::toJson(const QJsonObject &object)
{
    if (object.value(QStringLiteral("kind")).toString() != QLatin1String("Status"))
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    return ordered(object,
        {QStringLiteral("kind"), QStringLiteral("apiVersion"), QStringLiteral("metadata"), QStringLiteral("status"),
            QStringLiteral("message"), QStringLiteral("reason"), QStringLiteral("details"), QStringLiteral("code")});
}

QJsonObject SimStatus::pathNotFound()
{
    return failure(404, QStringLiteral("NotFound"), QStringLiteral("the server could not find the requested resource"),
        QJsonObject());
}
