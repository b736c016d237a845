// SPDX-License-Identifier: GPL-3.0-or-later
#include "extractedbundle.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

QByteArray ExtractedBundle::everything() const
{
    QByteArray all;
    for (const QByteArray &data : files)
        all += data;
    return all;
}

std::optional<ExtractedBundle> ExtractedBundle::read(const QString &bundle, const QString &folder, QString *error)
{
    if (!QDir().mkpath(folder)) {
        *error = QStringLiteral("cannot make %1").arg(folder);
        return std::nullopt;
    }
    QProcess tar;
    tar.start(QStringLiteral("tar"), {QStringLiteral("-xzf"), bundle, QStringLiteral("-C"), folder});
    if (!tar.waitForFinished(30000) || tar.exitStatus() != QProcess::NormalExit || tar.exitCode() != 0) {
        *error
            = QStringLiteral("tar -xzf %1 failed: %2").arg(bundle, QString::fromLocal8Bit(tar.readAllStandardError()));
        return std::nullopt;
    }
    const QStringList folders = QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    if (folders.size() != 1) {
        *error = QStringLiteral("the bundle has %1 top folders, not one").arg(folders.size());
        return std::nullopt;
    }
    ExtractedBundle out;
    out.root = folder + QLatin1Char('/') + folders.constFirst();
    QFile manifest(out.root + QStringLiteral("/manifest.json"));
    if (!manifest.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no manifest.json in the bundle");
        return std::nullopt;
    }
    const QJsonArray entries
        = QJsonDocument::fromJson(manifest.readAll()).object().value(QStringLiteral("files")).toArray();
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        const QString path = entry.value(QStringLiteral("path")).toString();
        QFile file(out.root + QLatin1Char('/') + path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1 is in the manifest but not in the bundle").arg(path);
            return std::nullopt;
        }
        const QByteArray data = file.readAll();
        const QString sum = QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
        if (sum != entry.value(QStringLiteral("sha256")).toString()) {
            *error = QStringLiteral("%1 differs from its checksum in the manifest").arg(path);
            return std::nullopt;
        }
        out.listed.append(path);
        out.files.insert(path, data);
    }
    return out;
}
