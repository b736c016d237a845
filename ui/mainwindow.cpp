// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include <QIcon>
#include <QLabel>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("VolSync Desktop"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/app/volsync-desktop.svg")));
    auto *placeholder = new QLabel(tr("VolSync Desktop"), this);
    placeholder->setObjectName(QStringLiteral("placeholderLabel"));
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(1100, 720);
}
