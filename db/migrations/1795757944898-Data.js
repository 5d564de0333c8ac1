module.exports = class Data1795757944898 {
    name = 'Data1795757944898'

    async up(db) {
        await db.query(`ALTER TABLE "account" ADD "credits_purchased" numeric NOT NULL`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "account" DROP COLUMN "credits_purchased"`)
    }
}
