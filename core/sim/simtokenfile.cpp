// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simtokenfile.h"

#include <QFile>

namespace {

// Splits one CSV record (RFC 4180 quoting).
QStringList splitCsv(const QString &line, bool *ok)
{
    QStringList fields;
    QString current;
    bool quoted = false;
    *ok = true;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < line.size() && line.at(i + 1) == QLatin1Char('"')) {
                    current.append(c);
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                current.append(c);
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    if (quoted)
        *ok = false;
    fields.append(current);
    return fields;
}

} // namespace

std::optional<QHash<QString, SimUser>> SimTokenFile::parse(const QString &text, QString *error)
{
    QHash<QString, SimUser> tokens;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        bool ok = false;
        const QStringList fields = splitCsv(line, &ok);
        if (!ok || fields.size() < 3 || fields.at(0).trimmed().isEmpty() || fields.at(1).trimmed().isEmpty()) {
            if (error) {
                *error = QStringLiteral("line %1 of the token file is not `token,user,uid[,\"group1,group2\"]`")
                             .arg(i + 1);
            }
            return std::nullopt;
        }
        SimUser user;
        user.name = fields.at(1).trimmed();
        user.uid = fields.at(2).trimmed();
        if (fields.size() > 3) {
            const QStringList groups = fields.mid(3).join(QLatin1Char(',')).split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (const QString &group : groups)
                user.groups.append(group.trimmed());
        }
        tokens.insert(fields.at(0).trimmed(), user);
    }
    return tokens;
}

std::optional<QHash<QString, SimUser>> SimTokenFile::read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read the token file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString parseError;
    std::optional<QHash<QString, SimUser>> tokens = parse(QString::fromUtf8(file.readAll()), &parseError);
    if (!tokens && error)
        *error = QStringLiteral("%1: %2").arg(path, parseError);
    return tokens;
}
