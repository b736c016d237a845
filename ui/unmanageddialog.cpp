// SPDX-License-Identifier: GPL-3.0-or-later
#include "unmanageddialog.h"

#include "models/activitylogmodel.h"
#include "models/unmanagedobjectsmodel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

UnmanagedDialog::UnmanagedDialog(ReplicationEngine *engine, ActivityLogModel *log, const QStringList &contexts,
    const QSet<QString> &knownIds, QWidget *parent)
    : QDialog(parent)
    , mModel(new UnmanagedObjectsModel(engine, this))
    , mLog(log)
    , mContexts(contexts)
    , mKnownIds(knownIds)
{
    setObjectName(QStringLiteral("unmanagedDialog"));
    setWindowTitle(tr("Other VolSync Objects"));
    resize(820, 420);
    auto *intro = new QLabel(tr("ReplicationSources and ReplicationDestinations in the reachable clusters that no "
                                "relationship file describes (other tools or movers such as restic, rclone or "
                                "syncthing). They are shown for their status; a source can be synced now."),
        this);
    intro->setObjectName(QStringLiteral("unmanagedIntro"));
    intro->setWordWrap(true);
    mView = new QTreeView(this);
    mView->setObjectName(QStringLiteral("unmanagedView"));
    mView->setModel(mModel);
    mView->setRootIsDecorated(false);
    mView->setAllColumnsShowFocus(true);
    mView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mStatus = new QLabel(this);
    mStatus->setObjectName(QStringLiteral("unmanagedStatus"));
    mStatus->setWordWrap(true);
    mSync = new QPushButton(QIcon(QStringLiteral(":/icons/actions/sync.svg")), tr("&Sync Now"), this);
    mSync->setObjectName(QStringLiteral("unmanagedSyncButton"));
    mRescan = new QPushButton(QIcon(QStringLiteral(":/icons/actions/refresh.svg")), tr("&Look Again"), this);
    mRescan->setObjectName(QStringLiteral("unmanagedRescanButton"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("unmanagedButtons"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(mSync, &QPushButton::clicked, this, [this]() { syncRow(mView->currentIndex().row()); });
    connect(mRescan, &QPushButton::clicked, this, &UnmanagedDialog::rescan);
    connect(mModel, &UnmanagedObjectsModel::scanFinished, this, [this]() {
        QString text = tr("%n object(s) not described by a relationship file.", nullptr, mModel->rowCount());
        if (!mModel->problems().isEmpty()) {
            text += QLatin1Char('\n') + mModel->problems().join(QLatin1Char('\n'));
        }
        mStatus->setText(text);
        selectWanted();
        updateButtons();
    });
    connect(mModel, &UnmanagedObjectsModel::syncRequested, this,
        [this](const QString &context, const QString &ns, const QString &name, const QString &error) {
            if (error.isEmpty()) {
                mStatus->setText(
                    tr("A manual sync of %1/%2 on %3 was requested; VolSync starts it now.").arg(ns, name, context));
                mLog->append(ActivityLogModel::Level::Success, context,
                    tr("Manual sync requested for ReplicationSource %1/%2").arg(ns, name));
            } else {
                mStatus->setText(error);
                mLog->append(ActivityLogModel::Level::Error, context, error);
            }
        });
    connect(mView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &UnmanagedDialog::updateButtons);
    auto *row = new QHBoxLayout;
    row->addWidget(mSync);
    row->addWidget(mRescan);
    row->addStretch();
    row->addWidget(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(mView, 1);
    layout->addWidget(mStatus);
    layout->addLayout(row);
    rescan();
}

void UnmanagedDialog::rescan()
{
    mStatus->setText(tr("Looking in %1…").arg(mContexts.join(QStringLiteral(", "))));
    mModel->scan(mContexts, mKnownIds);
    updateButtons();
}

void UnmanagedDialog::syncRow(int row)
{
    mModel->requestSync(row);
}

void UnmanagedDialog::selectObject(const QString &context, bool source, const QString &ns, const QString &name)
{
    mWanted = Wanted {context, source, ns, name};
    if (!mModel->isScanning())
        selectWanted();
}

void UnmanagedDialog::selectWanted()
{
    if (!mWanted)
        return;
    const int row = mModel->rowOf(mWanted->context, mWanted->source, mWanted->ns, mWanted->name);
    if (row < 0)
        return;
    mWanted.reset();
    const QModelIndex index = mModel->index(row, 0);
    mView->setCurrentIndex(index);
    mView->scrollTo(index);
    updateButtons();
}

void UnmanagedDialog::updateButtons()
{
    const QModelIndex current = mView->currentIndex();
    const bool source = current.isValid() && current.data(UnmanagedObjectsModel::IsSourceRole).toBool();
    mSync->setEnabled(source && !mModel->isScanning());
    mSync->setToolTip(source ? tr("Set a new manual trigger on this ReplicationSource")
                             : tr("Select a ReplicationSource to sync it"));
    mRescan->setEnabled(!mModel->isScanning());
}
