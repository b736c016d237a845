// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QTemporaryDir;

class SimOperator;
class Simulator;

/// The demo: two simulated clusters with the simulated VolSync operator, running inside the app, seeded with
/// the simulator's `demo` world, plus the relationship files that describe its relationships. Everything
/// lives in a temporary folder (its own kubeconfig and config dir): the user's ~/.kube and ~/.volsync are
/// never touched.
class DemoEnvironment : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QStringList clusters = {QStringLiteral("home-lab"), QStringLiteral("cloud")};
        double timeScale = 1.0; ///< simulated seconds per real second
        qint64 syncDurationMs = 6000; ///< one mover run, in simulated time
        qint64 loadBalancerDelayMs = 2500;
        qint64 retryBaseMs = 8000;
    };

    explicit DemoEnvironment(QObject *parent = nullptr);
    DemoEnvironment(const Options &options, QObject *parent);
    ~DemoEnvironment() override;

    /// Starts the clusters (asynchronous): ready() or failed() follows.
    void start();
    [[nodiscard]] bool isReady() const { return mReady; }
    [[nodiscard]] QString kubeconfigPath() const;
    [[nodiscard]] QString configDir() const;
    [[nodiscard]] QString historyDir() const;
    [[nodiscard]] Simulator *simulator() const { return mSimulator; }
    [[nodiscard]] QStringList relationshipNames() const { return mRelationships; }

Q_SIGNALS:
    void ready();
    void failed(const QString &message);

private:
    void onReady();
    bool writeRelationshipFiles(QString *error);

    Options mOptions;
    std::unique_ptr<QTemporaryDir> mDir;
    Simulator *mSimulator = nullptr;
    SimOperator *mOperator = nullptr;
    QStringList mRelationships;
    bool mReady = false;
};
