// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simcommandline.h"

#include "common/godurations.h"
#include "sim/simworld.h"

#include <QCommandLineParser>
#include <QDir>
#include <QRegularExpression>

namespace {

bool readDuration(const QCommandLineParser &parser, const QString &name, qint64 *milliseconds, QString *error)
{
    if (!parser.isSet(name)) {
        return true;
    }
    const QString text = parser.value(name);
    const auto ns = parseGoDuration(text);
    if (!ns || *ns < 0) {
        *error = QStringLiteral("--%1 \"%2\" is not a duration: use a Go-style value such as 500ms, 2s or 1m.")
                     .arg(name, text);
        return false;
    }
    *milliseconds = *ns / 1000000LL;
    return true;
}

} // namespace

void SimCommandLine::addOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("clusters"),
        QStringLiteral("Comma-separated names of the simulated clusters (= kubeconfig contexts); default: kind, or "
                       "fleet-01..fleet-20 for --seed fleet."),
        QStringLiteral("names"), QStringLiteral("kind")});
    parser.addOption({QStringLiteral("seed"),
        QStringLiteral("World to start with: %1.").arg(SimWorld::seedNames().join(QStringLiteral(", "))),
        QStringLiteral("seed"), QStringLiteral("empty")});
    parser.addOption({QStringLiteral("kubeconfig-out"), QStringLiteral("Where to write the kubeconfig (required)."),
        QStringLiteral("path")});
    parser.addOption({QStringLiteral("state-dir"),
        QStringLiteral("Folder for certificates and objects, kept across restarts. Default: a temporary folder."),
        QStringLiteral("dir")});
    parser.addOption({QStringLiteral("token-auth-file"),
        QStringLiteral("Bearer tokens in kube-apiserver's --token-auth-file CSV format."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("time-scale"),
        QStringLiteral("Simulated seconds per real second for the operator's clock (default 1)."),
        QStringLiteral("n")});
    parser.addOption({QStringLiteral("sync-duration"),
        QStringLiteral("How long one mover run takes in simulated time (default 20s)."), QStringLiteral("duration")});
    parser.addOption({QStringLiteral("lb-delay"),
        QStringLiteral("How long a LoadBalancer Service waits for its address (default 5s)."),
        QStringLiteral("duration")});
    parser.addOption({QStringLiteral("fail-rate"),
        QStringLiteral("Share of mover runs that fail, from 0 to 1 (default 0)."), QStringLiteral("p")});
    parser.addOption({QStringLiteral("no-privileged-movers"),
        QStringLiteral("Do not annotate seeded namespaces for privileged movers (the rsync SSH mover then waits).")});
}

bool SimCommandLine::read(const QCommandLineParser &parser, SimRunOptions *options, QString *error)
{
    static const QRegularExpression clusterName(QStringLiteral("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$"));
    QStringList clusters = parser.value(QStringLiteral("clusters")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    // The fleet world brings its own 20 clusters unless --clusters names others.
    if (!parser.isSet(QStringLiteral("clusters")) && parser.value(QStringLiteral("seed")) == QLatin1String("fleet"))
        clusters = SimWorld::clustersFor(QStringLiteral("fleet"));
    if (clusters.isEmpty()) {
        *error = QStringLiteral("--clusters names no cluster: give at least one name, e.g. --clusters kind,gcp.");
        return false;
    }
    for (int i = 0; i < clusters.size(); ++i) {
        if (!clusterName.match(clusters.at(i)).hasMatch()) {
            *error = QStringLiteral("\"%1\" is not a usable cluster name: use letters, digits, '-', '_' and '.'.")
                         .arg(clusters.at(i));
            return false;
        }
        if (clusters.indexOf(clusters.at(i)) != i) {
            *error = QStringLiteral("The cluster name \"%1\" is given twice.").arg(clusters.at(i));
            return false;
        }
    }
    options->simulator.clusters = clusters;

    options->seed = parser.value(QStringLiteral("seed"));
    if (!SimWorld::isSeed(options->seed)) {
        *error = QStringLiteral("Unknown seed \"%1\": use one of %2.")
                     .arg(options->seed, SimWorld::seedNames().join(QStringLiteral(", ")));
        return false;
    }
    const QString kubeconfig = parser.value(QStringLiteral("kubeconfig-out"));
    if (kubeconfig.isEmpty()) {
        *error = QStringLiteral("--kubeconfig-out is required: say where to write the kubeconfig.");
        return false;
    }
    options->simulator.kubeconfigOut = QDir::current().absoluteFilePath(kubeconfig);
    if (parser.isSet(QStringLiteral("state-dir"))) {
        options->simulator.stateDir = QDir::current().absoluteFilePath(parser.value(QStringLiteral("state-dir")));
        options->simulator.persist = true;
    }
    if (parser.isSet(QStringLiteral("token-auth-file"))) {
        options->simulator.tokenAuthFile
            = QDir::current().absoluteFilePath(parser.value(QStringLiteral("token-auth-file")));
    }
    if (parser.isSet(QStringLiteral("time-scale"))) {
        bool ok = false;
        const double scale = parser.value(QStringLiteral("time-scale")).toDouble(&ok);
        if (!ok || !(scale > 0) || scale > 1e6) {
            *error = QStringLiteral(
                "--time-scale \"%1\" must be a number above 0 (1 = real time, 60 = a minute per second).")
                         .arg(parser.value(QStringLiteral("time-scale")));
            return false;
        }
        options->operatorOptions.timeScale = scale;
    }
    if (!readDuration(parser, QStringLiteral("sync-duration"), &options->operatorOptions.syncDurationMs, error)
        || !readDuration(parser, QStringLiteral("lb-delay"), &options->operatorOptions.loadBalancerDelayMs, error)) {
        return false;
    }
    if (parser.isSet(QStringLiteral("fail-rate"))) {
        bool ok = false;
        const double rate = parser.value(QStringLiteral("fail-rate")).toDouble(&ok);
        if (!ok || rate < 0 || rate > 1) {
            *error = QStringLiteral("--fail-rate \"%1\" must be a number from 0 to 1.")
                         .arg(parser.value(QStringLiteral("fail-rate")));
            return false;
        }
        options->operatorOptions.failRate = rate;
    }
    options->privilegedMovers = !parser.isSet(QStringLiteral("no-privileged-movers"));
    return true;
}
