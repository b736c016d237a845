// SPDX-License-Identifier: GPL-3.0-or-later
#include "contextscommand.h"

#include "common/redaction.h"
#include "kube/kubeclient.h"

#include <QJsonDocument>
#include <QTimer>

#include <algorithm>

namespace {
QString usage()
{
    return QStringLiteral("Usage: volsyncctl contexts [-o table|json] [--check] [--timeout SECONDS] [NAME...]\n");
}
} // namespace

QJsonArray ContextsCommand::contextsJson(const KubeConfig &config, const QStringList &onlyNames)
{
    QJsonArray rows;
    const QList<KubeContext> contexts = config.contexts();
    for (const KubeContext &context : contexts) {
        if (!onlyNames.isEmpty() && !onlyNames.contains(context.name))
            continue;
        const auto cluster = config.cluster(context.cluster);
        QJsonObject row {{QStringLiteral("name"), context.name}, {QStringLiteral("cluster"), context.cluster},
            {QStringLiteral("server"), cluster ? redactUrl(cluster->server) : QString()},
            {QStringLiteral("user"), context.user}, {QStringLiteral("namespace"), context.effectiveNamespace()},
            {QStringLiteral("current"), !config.currentContext().isEmpty() && context.name == config.currentContext()},
            {QStringLiteral("error"), context.error.isEmpty() ? QJsonValue() : QJsonValue(context.error)}};
        rows.append(row);
    }
    return rows;
}

QString ContextsCommand::contextsTable(const QJsonArray &rows, bool withCheck)
{
    bool anyError = false;
    for (const QJsonValue &value : rows)
        anyError = anyError || !value.toObject().value(QLatin1String("error")).isNull();
    QStringList header {QStringLiteral("CURRENT"), QStringLiteral("NAME"), QStringLiteral("CLUSTER"),
        QStringLiteral("AUTHINFO"), QStringLiteral("NAMESPACE"), QStringLiteral("SERVER")};
    if (withCheck)
        header.append(QStringLiteral("CHECK"));
    if (anyError)
        header.append(QStringLiteral("ERROR"));
    QList<QStringList> table {header};
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        QStringList cells {row.value(QLatin1String("current")).toBool() ? QStringLiteral("*") : QString(),
            row.value(QLatin1String("name")).toString(), row.value(QLatin1String("cluster")).toString(),
            row.value(QLatin1String("user")).toString(), row.value(QLatin1String("namespace")).toString(),
            row.value(QLatin1String("server")).toString()};
        if (withCheck) {
            const QJsonValue version = row.value(QLatin1String("version"));
            cells.append(version.isString()
                    ? version.toString()
                    : row.value(QLatin1String("checkError")).toString().section(QLatin1Char('\n'), 0, 0));
        }
        if (anyError)
            cells.append(row.value(QLatin1String("error")).toString());
        table.append(cells);
    }
    // Like Go's tabwriter as kubectl sets it up: minimum width 6, padding 3, last column unpadded.
    const qsizetype columns = header.size();
    QList<qsizetype> widths(columns, 0);
    for (const QStringList &cells : std::as_const(table)) {
        for (qsizetype i = 0; i + 1 < columns; ++i)
            widths[i] = std::max(widths[i], std::max<qsizetype>(6, cells.at(i).size() + 3));
    }
    QString text;
    for (const QStringList &cells : std::as_const(table)) {
        QString line;
        for (qsizetype i = 0; i < columns; ++i)
            line += i + 1 < columns ? cells.at(i).leftJustified(widths.at(i)) : cells.at(i);
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        text += line + QLatin1Char('\n');
    }
    return text;
}

void ContextsCommand::start(const CliGlobals &globals, const QStringList &arguments)
{
    const auto usageError = [this](const QString &text) {
        printError(text);
        printOut(usage());
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(CliUsage); });
    };
    QStringList names;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        QString output;
        if (arg == QLatin1String("-o") || arg == QLatin1String("--output")) {
            if (i + 1 >= arguments.size())
                return usageError(QStringLiteral("%1 needs a value (table or json)").arg(arg));
            output = arguments.at(++i);
        } else if (arg.startsWith(QLatin1String("-o=")) || arg.startsWith(QLatin1String("--output="))) {
            output = arg.section(QLatin1Char('='), 1);
        } else if (arg.startsWith(QLatin1String("-o")) && arg.size() > 2) {
            output = arg.mid(2);
        } else if (arg == QLatin1String("--check")) {
            mCheck = true;
            continue;
        } else if (arg == QLatin1String("--timeout")) {
            bool ok = false;
            const double seconds = i + 1 < arguments.size() ? arguments.at(++i).toDouble(&ok) : 0;
            if (!ok || seconds <= 0)
                return usageError(QStringLiteral("--timeout needs a number of seconds"));
            mCheckTimeoutMs = int(seconds * 1000);
            continue;
        } else if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            printOut(usage());
            QTimer::singleShot(0, this, [this] { Q_EMIT finished(CliOk); });
            return;
        } else if (arg.startsWith(QLatin1Char('-'))) {
            return usageError(QStringLiteral("unknown option %1").arg(arg));
        } else {
            names.append(arg);
            continue;
        }
        if (output == QLatin1String("json"))
            mJson = true;
        else if (output == QLatin1String("table") || output == QLatin1String("wide"))
            mJson = false;
        else
            return usageError(QStringLiteral("unknown output format \"%1\" (use table or json)").arg(output));
    }

    mExecTimeoutMs = globals.execTimeoutMs;
    KubeConfig::LoadOptions options;
    options.explicitPath = globals.kubeconfig;
    mConfig = KubeConfig::load(options);
    const QList<KubeConfig::FileError> fileErrors = mConfig.fileErrors();
    for (const KubeConfig::FileError &error : fileErrors)
        printError(error.message);
    // A file named with --kubeconfig that cannot be read (missing, unreadable, a FIFO, not YAML) fails the command,
    // as kubectl's other commands do; files from KUBECONFIG are reported and the rest is listed.
    if (mConfig.isExplicit() && (mConfig.files().isEmpty() || !fileErrors.isEmpty())) {
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(CliFailed); });
        return;
    }
    for (const QString &name : std::as_const(names)) {
        if (!mConfig.context(name))
            printError(QStringLiteral("context %1 not found").arg(name));
    }
    mRows = contextsJson(mConfig, names);
    if (!mCheck || mRows.isEmpty()) {
        QTimer::singleShot(0, this, [this, names] {
            print();
            bool missing = false;
            for (const QString &name : names)
                missing = missing || !mConfig.context(name);
            Q_EMIT finished(missing ? CliFailed : CliOk);
        });
        return;
    }
    mPending = int(mRows.size());
    for (qsizetype i = 0; i < mRows.size(); ++i) {
        const QString contextName = mRows.at(i).toObject().value(QLatin1String("name")).toString();
        auto *client = new KubeClient(mConfig, contextName, this);
        client->setRetryPolicy(KubeClient::RetryPolicy {0, 100, 100});
        client->setDefaultTimeoutMs(mCheckTimeoutMs);
        client->setExecTimeoutMs(mExecTimeoutMs > 0 ? mExecTimeoutMs : std::max(mCheckTimeoutMs, 30000));
        KubeReply *reply = client->version();
        connect(reply, &KubeReply::finished, this, [this, reply, client, i] {
            QJsonObject row = mRows.at(i).toObject();
            if (reply->isOk()) {
                const QJsonObject version = reply->json();
                row.insert(QStringLiteral("version"), version.value(QLatin1String("gitVersion")).toString());
                row.insert(QStringLiteral("checkError"), QJsonValue());
            } else {
                row.insert(QStringLiteral("version"), QJsonValue());
                row.insert(QStringLiteral("checkError"), reply->error().personMessage());
            }
            mRows.replace(i, row);
            client->deleteLater();
            if (--mPending == 0)
                finishCheck();
        });
    }
}

void ContextsCommand::finishCheck()
{
    print();
    bool allOk = true;
    for (const QJsonValue &value : std::as_const(mRows))
        allOk = allOk && value.toObject().value(QLatin1String("version")).isString();
    if (!mJson) {
        for (const QJsonValue &value : std::as_const(mRows)) {
            const QJsonObject row = value.toObject();
            if (!row.value(QLatin1String("checkError")).isString())
                continue;
            printError(QStringLiteral("context %1: %2")
                           .arg(row.value(QLatin1String("name")).toString(),
                               row.value(QLatin1String("checkError")).toString()));
        }
    }
    Q_EMIT finished(allOk ? CliOk : CliFailed);
}

void ContextsCommand::print()
{
    if (mJson)
        printOut(QString::fromUtf8(QJsonDocument(mRows).toJson(QJsonDocument::Indented)));
    else
        printOut(contextsTable(mRows, mCheck));
}
