// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/relationshipstore.h"

#include <QDialog>
#include <QPointer>

class FleetService;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

/// Sets or clears a relationship's RPO target (the longest its destination may lag, when the schedule is not the
/// measure): typed as "30m", "4h", "1h30m"; checked and written by FleetService (off the GUI thread). Closes once
/// the file is written, or shows why not.
class RpoTargetDialog : public QDialog
{
    Q_OBJECT
public:
    RpoTargetDialog(FleetService *service, const RelationshipStore &store, const QString &relationship,
        qint64 currentSeconds, QWidget *parent = nullptr);

    [[nodiscard]] QLineEdit *targetEdit() const { return mTarget; }
    [[nodiscard]] QLabel *errorLabel() const { return mError; }

    void accept() override;

Q_SIGNALS:
    /// The file holds the new target.
    void targetSet(const QString &relationship);

private:
    QPointer<FleetService> mService;
    RelationshipStore mStore;
    QString mRelationship;
    QLineEdit *mTarget;
    QLabel *mError;
    QDialogButtonBox *mButtons;
    bool mWriting = false;
};
