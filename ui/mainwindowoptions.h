// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// What the command line (or a test) asks the main window for.
struct MainWindowOptions {
    QString kubeconfig; ///< --kubeconfig: this file only (empty: KUBECONFIG, else ~/.kube/config)
    QString context; ///< --context: select this context
    QString configDir; ///< --config-dir: relationship files (empty: ~/.volsync)
    bool demo = false; ///< --demo: start the in-process simulator with the demo world
    bool restoreSettings = true; ///< read the last kubeconfig and layout from QSettings
    double demoTimeScale = 1.0; ///< demo only: simulated seconds per real second (tests run it faster)
};
