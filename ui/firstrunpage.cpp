// SPDX-License-Identifier: GPL-3.0-or-later
#include "firstrunpage.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

FirstRunPage::FirstRunPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("firstRunPage"));

    auto *icon = new QLabel(this);
    icon->setObjectName(QStringLiteral("firstRunIcon"));
    icon->setPixmap(QIcon(QStringLiteral(":/icons/app/volsync-desktop.svg")).pixmap(96, 96));
    icon->setAlignment(Qt::AlignCenter);

    auto *title = new QLabel(tr("Welcome to VolSync Desktop"), this);
    title->setObjectName(QStringLiteral("firstRunTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto *explanation = new QLabel(this);
    explanation->setObjectName(QStringLiteral("firstRunExplanation"));
    explanation->setWordWrap(true);
    explanation->setTextFormat(Qt::RichText);
    explanation->setText(
        tr("<p>VolSync Desktop copies the data of a Kubernetes volume (a PVC) to another namespace or another "
           "cluster, on a schedule or when you ask, using the VolSync operator.</p>"
           "<p><b>What you need:</b></p>"
           "<ul><li>a <b>kubeconfig</b> file, the same one <code>kubectl</code> uses, with access to your "
           "clusters;</li>"
           "<li>the <b>VolSync operator</b> installed on the clusters you want to copy between.</li></ul>"
           "<p>No kubeconfig was found. Open one, or try the demo: it runs two simulated clusters inside this "
           "app, so nothing real is changed.</p>"));
    explanation->setFixedWidth(600);
    explanation->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Minimum);

    mSearched = new QLabel(this);
    mSearched->setObjectName(QStringLiteral("firstRunSearchedFiles"));
    mSearched->setWordWrap(true);
    mSearched->setFixedWidth(600);
    mSearched->setForegroundRole(QPalette::PlaceholderText);
    mSearched->setTextInteractionFlags(Qt::TextSelectableByMouse);

    mOpenButton = new QPushButton(QIcon(QStringLiteral(":/icons/actions/open.svg")), tr("&Open kubeconfig…"), this);
    mOpenButton->setObjectName(QStringLiteral("openKubeconfigButton"));
    mDemoButton = new QPushButton(QIcon(QStringLiteral(":/icons/actions/demo.svg")), tr("&Try the demo"), this);
    mDemoButton->setObjectName(QStringLiteral("tryDemoButton"));
    mDemoButton->setDefault(true);
    connect(mOpenButton, &QPushButton::clicked, this, &FirstRunPage::openKubeconfigRequested);
    connect(mDemoButton, &QPushButton::clicked, this, &FirstRunPage::demoRequested);

    mMessage = new QLabel(this);
    mMessage->setObjectName(QStringLiteral("firstRunMessage"));
    mMessage->setWordWrap(true);
    mMessage->setFixedWidth(600);
    mMessage->setVisible(false);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(mOpenButton);
    buttons->addWidget(mDemoButton);
    buttons->addStretch();

    auto *column = new QVBoxLayout;
    column->addStretch();
    column->addWidget(icon);
    column->addWidget(title);
    column->addSpacing(12);
    column->addWidget(explanation, 0, Qt::AlignHCenter);
    column->addWidget(mSearched, 0, Qt::AlignHCenter);
    column->addSpacing(12);
    column->addLayout(buttons);
    column->addWidget(mMessage, 0, Qt::AlignHCenter);
    column->addStretch();
    setLayout(column);
    setTabOrder(mDemoButton, mOpenButton);
}

void FirstRunPage::setSearchedFiles(const QStringList &files)
{
    mSearched->setText(files.isEmpty() ? QString() : tr("Looked for: %1").arg(files.join(QStringLiteral(", "))));
}

void FirstRunPage::setMessage(const QString &message)
{
    mMessage->setText(message);
    mMessage->setVisible(!message.isEmpty());
}

void FirstRunPage::setBusy(bool busy, const QString &note)
{
    mOpenButton->setEnabled(!busy);
    mDemoButton->setEnabled(!busy);
    if (busy) {
        setMessage(note);
    }
}
