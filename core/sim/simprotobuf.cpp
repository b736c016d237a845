// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simprotobuf.h"

#include <QJsonArray>
#include <QList>

namespace {

struct Field {
    quint32 number = 0;
    int wireType = 0;
    quint64 varint = 0;
    QByteArray bytes;
};

// Splits one protobuf message into its fields; nothing when malformed.
std::optional<QList<Field>> fields(const QByteArray &data)
{
    QList<Field> result;
    qsizetype pos = 0;
    auto readVarint = [&](quint64 *value) {
        *value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= data.size())
                return false;
            const quint8 byte = quint8(data.at(pos++));
            *value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false;
    };
    while (pos < data.size()) {
        quint64 key = 0;
        if (!readVarint(&key))
            return std::nullopt;
        Field field;
        field.number = quint32(key >> 3);
        field.wireType = int(key & 7);
        switch (field.wireType) {
        case 0:
            if (!readVarint(&field.varint))
                return std::nullopt;
            break;
        case 1:
            if (pos + 8 > data.size())
                return std::nullopt;
            pos += 8;
            break;
        case 2: {
            quint64 length = 0;
            if (!readVarint(&length) || length > quint64(data.size() - pos))
                return std::nullopt;
            field.bytes = data.mid(pos, qsizetype(length));
            pos += qsizetype(length);
            break;
        }
        case 5:
            if (pos + 4 > data.size())
                return std::nullopt;
            pos += 4;
            break;
        default:
            return std::nullopt;
        }
        result.append(field);
    }
    return result;
}

QString text(const Field &field)
{
    return QString::fromUtf8(field.bytes);
}

// map<string, string|bytes> entries: key = 1, value = 2
void addMapEntry(QJsonObject &map, const Field &field, bool base64)
{
    const std::optional<QList<Field>> entry = fields(field.bytes);
    if (!entry)
        return;
    QString key;
    QByteArray value;
    for (const Field &f : *entry) {
        if (f.number == 1)
            key = text(f);
        else if (f.number == 2)
            value = f.bytes;
    }
    map.insert(key, base64 ? QString::fromLatin1(value.toBase64()) : QString::fromUtf8(value));
}

QJsonObject objectMeta(const QByteArray &data)
{
    QJsonObject meta;
    QJsonObject labels;
    QJsonObject annotations;
    QJsonArray finalizers;
    for (const Field &f : fields(data).value_or(QList<Field>())) {
        switch (f.number) {
        case 1:
            if (!f.bytes.isEmpty())
                meta.insert(QStringLiteral("name"), text(f));
            break;
        case 2:
            if (!f.bytes.isEmpty())
                meta.insert(QStringLiteral("generateName"), text(f));
            break;
        case 3:
            if (!f.bytes.isEmpty())
                meta.insert(QStringLiteral("namespace"), text(f));
            break;
        case 6:
            if (!f.bytes.isEmpty())
                meta.insert(QStringLiteral("resourceVersion"), text(f));
            break;
        case 11:
            addMapEntry(labels, f, false);
            break;
        case 12:
            addMapEntry(annotations, f, false);
            break;
        case 14:
            finalizers.append(text(f));
            break;
        default:
            break;
        }
    }
    if (!labels.isEmpty())
        meta.insert(QStringLiteral("labels"), labels);
    if (!annotations.isEmpty())
        meta.insert(QStringLiteral("annotations"), annotations);
    if (!finalizers.isEmpty())
        meta.insert(QStringLiteral("finalizers"), finalizers);
    return meta;
}

} // namespace

bool SimProtobuf::isProtobuf(const QByteArray &contentType)
{
    return contentType.split(';').value(0).trimmed().toLower() == "application/vnd.kubernetes.protobuf";
}

std::optional<QJsonObject> SimProtobuf::decode(const QByteArray &body, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<QJsonObject> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!body.startsWith(QByteArray("k8s\0", 4)))
        return fail(QStringLiteral("the protobuf body does not start with the Kubernetes envelope"));
    const std::optional<QList<Field>> unknown = fields(body.mid(4));
    if (!unknown)
        return fail(QStringLiteral("the protobuf body is malformed"));
    QString apiVersion;
    QString kind;
    QByteArray raw;
    for (const Field &f : *unknown) {
        if (f.number == 1) {
            for (const Field &t : fields(f.bytes).value_or(QList<Field>())) {
                if (t.number == 1)
                    apiVersion = text(t);
                else if (t.number == 2)
                    kind = text(t);
            }
        } else if (f.number == 2) {
            raw = f.bytes;
        }
    }
    const std::optional<QList<Field>> message = fields(raw);
    if (!message)
        return fail(QStringLiteral("the protobuf %1 is malformed").arg(kind));
    QJsonObject object;
    object.insert(QStringLiteral("apiVersion"), apiVersion);
    object.insert(QStringLiteral("kind"), kind);
    if (kind == QLatin1String("Namespace") && apiVersion == QLatin1String("v1")) {
        for (const Field &f : *message) {
            if (f.number == 1)
                object.insert(QStringLiteral("metadata"), objectMeta(f.bytes));
        }
        return object;
    }
    if (kind == QLatin1String("Secret") && apiVersion == QLatin1String("v1")) {
        QJsonObject data;
        QJsonObject stringData;
        for (const Field &f : *message) {
            if (f.number == 1)
                object.insert(QStringLiteral("metadata"), objectMeta(f.bytes));
            else if (f.number == 2)
                addMapEntry(data, f, true);
            else if (f.number == 3 && !f.bytes.isEmpty())
                object.insert(QStringLiteral("type"), text(f));
            else if (f.number == 4)
                addMapEntry(stringData, f, false);
            else if (f.number == 5)
                object.insert(QStringLiteral("immutable"), f.varint != 0);
        }
        // The apiserver merges stringData into data.
        for (auto it = stringData.begin(); it != stringData.end(); ++it)
            data.insert(it.key(), QString::fromLatin1(it.value().toString().toUtf8().toBase64()));
        if (!data.isEmpty())
            object.insert(QStringLiteral("data"), data);
        return object;
    }
    return fail(QStringLiteral("the simulator cannot decode protobuf %1 %2 bodies: send JSON (e.g. kubectl create -f "
                               "with a manifest)")
                    .arg(apiVersion, kind));
}
