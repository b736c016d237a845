// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

#include "kube/kubeconfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

class KubeClient;

/// `volsyncctl contexts [-o table|json] [--check] [NAME...]`: the kubeconfig's contexts, in the order and
/// with the current marker of `kubectl config get-contexts`; --check connects to each one (in parallel).
class ContextsCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    [[nodiscard]] QString name() const override { return QStringLiteral("contexts"); }
    [[nodiscard]] QString summary() const override
    {
        return QStringLiteral("List the kubeconfig contexts like kubectl (--check: connect to each)");
    }
    void start(const CliGlobals &globals, const QStringList &arguments) override;

    /// One row per context (also used by tests): name, cluster, server, user, namespace, current, error.
    [[nodiscard]] static QJsonArray contextsJson(const KubeConfig &config, const QStringList &onlyNames = {});
    /// The table kubectl prints (tabwriter: min width 6, padding 3), plus SERVER and, when needed, ERROR.
    [[nodiscard]] static QString contextsTable(const QJsonArray &rows, bool withCheck);

private:
    void finishCheck();
    void print();

    KubeConfig mConfig;
    QJsonArray mRows;
    bool mJson = false;
    bool mCheck = false;
    int mPending = 0;
    int mCheckTimeoutMs = 5000;
    int mExecTimeoutMs = 0; ///< --exec-timeout; 0: at least 30 s (a plugin may wait for a login)
};
