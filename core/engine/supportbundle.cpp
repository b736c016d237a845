// SPDX-License-Identifier: GPL-3.0-or-later
#include "supportbundle.h"

#include "common/redaction.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

#include <array>

namespace {

std::array<quint32, 256> crcTable()
{
    std::array<quint32, 256> table {};
    for (quint32 n = 0; n < 256; ++n) {
        quint32 c = n;
        for (int k = 0; k < 8; ++k) {
            c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
        }
        table[n] = c;
    }
    return table;
}

quint32 crc32(const QByteArray &data)
{
    static const std::array<quint32, 256> table = crcTable();
    quint32 c = 0xffffffffU;
    for (const char byte : data) {
        c = table[(c ^ quint8(byte)) & 0xff] ^ (c >> 8);
    }
    return c ^ 0xffffffffU;
}

void appendLittleEndian(QByteArray &out, quint32 value)
{
    for (int i = 0; i < 4; ++i) {
        out.append(char((value >> (8 * i)) & 0xff));
    }
}

// Drops what a bundle must not carry from an object: managedFields, Secret data, and environment values whose
// names say they are credentials.
QJsonValue sanitized(const QJsonValue &value)
{
    static const QRegularExpression secretName(
        QStringLiteral("TOKEN|PASSWORD|PASSWD|SECRET|KEY|CREDENTIAL"), QRegularExpression::CaseInsensitiveOption);
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : value.toArray()) {
            out.append(sanitized(item));
        }
        return out;
    }
    if (!value.isObject()) {
        return value.isString() ? QJsonValue(SupportBundle::redacted(value.toString())) : value;
    }
    QJsonObject object = value.toObject();
    if (object.value(QStringLiteral("kind")).toString() == QLatin1String("Secret")) {
        object.remove(QStringLiteral("data"));
        object.remove(QStringLiteral("stringData"));
    }
    // An env entry {name, value}: keep the name, drop a credential's value.
    if (object.contains(QStringLiteral("name")) && object.value(QStringLiteral("value")).isString()
        && secretName.match(object.value(QStringLiteral("name")).toString()).hasMatch()) {
        object.insert(QStringLiteral("value"), redactedMarker());
    }
    QJsonObject out;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() == QLatin1String("managedFields")) {
            continue;
        }
        out.insert(it.key(), sanitized(it.value()));
    }
    return out;
}

QByteArray json(const QJsonValue &value)
{
    const QJsonValue clean = sanitized(value);
    return clean.isArray() ? QJsonDocument(clean.toArray()).toJson(QJsonDocument::Indented)
                           : QJsonDocument(clean.toObject()).toJson(QJsonDocument::Indented);
}

QByteArray jsonList(const QList<QJsonObject> &objects)
{
    QJsonArray array;
    for (const QJsonObject &object : objects) {
        array.append(object);
    }
    return json(array);
}

} // namespace

QString SupportBundle::redacted(const QString &text)
{
    static const QRegularExpression privateKey(
        QStringLiteral("-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?-----END \\1PRIVATE KEY-----"),
        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression bearer(QStringLiteral("(Bearer\\s+)[A-Za-z0-9._~+/=-]+"));
    static const QRegularExpression tokenValue(
        QStringLiteral("((?:token|password|passwd|secret)\\s*[=:]\\s*\"?)[^\\s\",]+"),
        QRegularExpression::CaseInsensitiveOption);
    QString out = redactUrlsInText(text);
    out.replace(privateKey,
        QStringLiteral("-----BEGIN \\1PRIVATE KEY-----") + redactedMarker()
            + QStringLiteral("-----END \\1PRIVATE KEY-----"));
    out.replace(bearer, QStringLiteral("\\1") + redactedMarker());
    out.replace(tokenValue, QStringLiteral("\\1") + redactedMarker());
    return out;
}

QByteArray SupportBundle::gzip(const QByteArray &data)
{
    // qCompress gives a zlib stream after a 4-byte length: its deflate data sits between the 2-byte zlib header
    // and the 4-byte Adler-32. gzip wraps the same deflate data with its own header and CRC-32.
    const QByteArray zlib = qCompress(data, 9);
    const QByteArray deflate = zlib.mid(4 + 2, zlib.size() - 4 - 2 - 4);
    QByteArray out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03", 10); // no mtime, max compression, Unix
    out.append(deflate);
    appendLittleEndian(out, crc32(data));
    appendLittleEndian(out, quint32(data.size() & 0xffffffffU));
    return out;
}

QByteArray SupportBundle::tar(const QList<QPair<QString, QByteArray>> &files, const QDateTime &mtime)
{
    QByteArray out;
    for (const auto &[path, contents] : files) {
        QByteArray header(512, '\0');
        const QByteArray name = path.toUtf8();
        // ustar: names up to 100 bytes, longer ones split into prefix (155) and name at a '/'.
        QByteArray prefix;
        QByteArray shortName = name;
        if (name.size() > 100) {
            const qsizetype slash = name.indexOf('/'); // the bundle's folder (at most 100 bytes) goes first
            prefix = name.left(slash);
            shortName = name.mid(slash + 1);
        }
        auto put = [&](int offset, int width, const QByteArray &value) {
            header.replace(offset, qMin<qsizetype>(value.size(), width), value.left(width));
        };
        auto octal = [&](int offset, int width, qint64 value) {
            put(offset, width - 1, QByteArray::number(value, 8).rightJustified(width - 1, '0'));
        };
        put(0, 100, shortName);
        octal(100, 8, 0644);
        octal(108, 8, 0);
        octal(116, 8, 0);
        octal(124, 12, contents.size());
        octal(136, 12, mtime.toSecsSinceEpoch());
        header.replace(148, 8, QByteArray(8, ' '));
        header[156] = '0';
        put(257, 6, QByteArray("ustar\0", 6));
        put(263, 2, "00");
        put(345, 155, prefix);
        qint64 sum = 0;
        for (const char c : std::as_const(header)) {
            sum += quint8(c);
        }
        put(148, 7, QByteArray::number(sum, 8).rightJustified(6, '0') + '\0');
        out.append(header);
        out.append(contents);
        out.append(QByteArray((512 - contents.size() % 512) % 512, '\0'));
    }
    out.append(QByteArray(1024, '\0'));
    return out;
}

bool SupportBundle::write(const QString &path, const SupportBundleContent &content, QString *error)
{
    const TroubleshootSnapshot &snapshot = content.snapshot;
    const QString base = QStringLiteral("volsync-support-%1-%2/")
                             .arg(snapshot.relationship.isEmpty() ? QStringLiteral("object") : snapshot.relationship,
                                 snapshot.takenAt.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    QList<QPair<QString, QByteArray>> files;
    QJsonArray manifest;
    auto add = [&](const QString &name, const QByteArray &data, const QString &what) {
        files.append({base + name, data});
        manifest.append(QJsonObject {{QStringLiteral("path"), name}, {QStringLiteral("bytes"), qint64(data.size())},
            {QStringLiteral("sha256"),
                QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex())},
            {QStringLiteral("what"), what}});
    };
    if (!content.relationshipFile.isEmpty()) {
        add(QStringLiteral("relationship.yaml"), redacted(QString::fromUtf8(content.relationshipFile)).toUtf8(),
            QStringLiteral("the relationship file"));
    }
    for (const std::optional<TroubleshootSide> &side : {snapshot.source, snapshot.destination}) {
        if (!side) {
            continue;
        }
        const QString dir = side->role + QLatin1Char('/');
        add(dir + QStringLiteral("target.json"),
            json(QJsonObject {{QStringLiteral("context"), side->context},
                {QStringLiteral("namespace"), side->namespaceName}, {QStringLiteral("kind"), side->kind},
                {QStringLiteral("name"), side->name}, {QStringLiteral("keySecret"), side->keySecretName},
                {QStringLiteral("secretsPresent"), QJsonArray::fromStringList(side->secretNames)},
                {QStringLiteral("clockOffsetMs"),
                    side->clockOffsetMs ? QJsonValue(*side->clockOffsetMs) : QJsonValue()},
                {QStringLiteral("readErrors"), QJsonArray::fromStringList(side->readErrors)}}),
            QStringLiteral("which object this side is, its cluster, the Secrets present (names only)"));
        if (side->object) {
            add(dir + side->kind.toLower() + QStringLiteral(".json"), json(*side->object), side->kind);
        }
        add(dir + QStringLiteral("namespace.json"), json(side->namespaceObject), QStringLiteral("the namespace"));
        add(dir + QStringLiteral("jobs.json"), jsonList(side->jobs), QStringLiteral("mover Jobs"));
        add(dir + QStringLiteral("pods.json"), jsonList(side->pods), QStringLiteral("mover Pods"));
        add(dir + QStringLiteral("persistentvolumeclaims.json"), jsonList(side->pvcs), QStringLiteral("PVCs"));
        add(dir + QStringLiteral("services.json"), jsonList(side->services), QStringLiteral("Services"));
        add(dir + QStringLiteral("volumesnapshots.json"), jsonList(side->snapshots), QStringLiteral("VolumeSnapshots"));
        add(dir + QStringLiteral("events.json"), jsonList(side->events), QStringLiteral("Events about the above"));
        if (side->moverPod.isEmpty()) {
            // VolSync deletes a finished Job and its pods: what it kept of the last run is all there is.
            const QString kept = side->keptMoverLog();
            add(dir + QStringLiteral("mover.log"),
                redacted(QStringLiteral("(No mover pod of this side exists now. What VolSync kept of its last run, "
                                        "status.latestMoverStatus.logs:)\n")
                    + kept)
                    .toUtf8(),
                QStringLiteral("no mover pod: the last mover status VolSync kept"));
        } else {
            add(dir + QStringLiteral("mover.log"), redacted(side->moverLog).toUtf8(),
                QStringLiteral("log of mover pod %1").arg(side->moverPod));
            if (!side->previousMoverLog.isEmpty()) {
                add(dir + QStringLiteral("mover-previous.log"), redacted(side->previousMoverLog).toUtf8(),
                    QStringLiteral("previous run of mover pod %1").arg(side->moverPod));
            }
        }
    }
    QJsonArray findings;
    QString findingsText;
    for (const ReplicationFinding &finding : content.findings) {
        findings.append(QJsonObject::fromVariantMap(finding.toVariantMap()));
        findingsText += finding.text() + QLatin1Char('\n');
    }
    add(QStringLiteral("diagnosis.json"), json(findings), QStringLiteral("the findings"));
    add(QStringLiteral("diagnosis.txt"), redacted(findingsText).toUtf8(), QStringLiteral("the findings as text"));
    if (!content.activityLog.isEmpty()) {
        add(QStringLiteral("activity.log"), redacted(QString::fromUtf8(content.activityLog)).toUtf8(),
            QStringLiteral("the app's activity log"));
    }
    const QJsonObject manifestObject {{QStringLiteral("relationship"), snapshot.relationship},
        {QStringLiteral("takenAt"), snapshot.takenAt.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("appVersion"), content.appVersion}, {QStringLiteral("files"), manifest},
        {QStringLiteral("note"),
            QStringLiteral("No Secret data, tokens or keys: Secrets are listed by name only, and logs are redacted.")}};
    files.prepend(
        {base + QStringLiteral("manifest.json"), QJsonDocument(manifestObject).toJson(QJsonDocument::Indented)});

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write the support bundle %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(gzip(tar(files, snapshot.takenAt.isValid() ? snapshot.takenAt : QDateTime::currentDateTimeUtc())));
    if (!file.commit()) {
        *error = QStringLiteral("cannot write the support bundle %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
