module.exports = class Data1795755179493 {
    name = 'Data1795755179493'

    async up(db) {
        await db.query(`CREATE TABLE "stake_reward_accrual" ("id" character varying NOT NULL, "paid" numeric NOT NULL, "unpaid" numeric NOT NULL, "reserve_after" numeric NOT NULL, "block_number" integer NOT NULL, "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL, "tx_hash" text NOT NULL, "log_index" integer NOT NULL, "stake_id" character varying, CONSTRAINT "PK_9f8a8aad91c0a7f84e3601a08b1" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_1e10a48c8a86e11a0efd2efd42" ON "stake_reward_accrual" ("stake_id") `)
        await db.query(`CREATE INDEX "IDX_ee2feb36173d5369e46602c1ba" ON "stake_reward_accrual" ("block_number") `)
        await db.query(`CREATE TABLE "staking_reserve" ("id" character varying NOT NULL, "balance" numeric NOT NULL, "updated_at_block" integer NOT NULL, CONSTRAINT "PK_15f36dabd35dbc2d1a556415999" PRIMARY KEY ("id"))`)
        await db.query(`CREATE TABLE "credit_allowance" ("id" character varying NOT NULL, "user" text NOT NULL, "attributor" text NOT NULL, "allowance" numeric NOT NULL, "updated_at_block" integer NOT NULL, CONSTRAINT "PK_1d1b61c9e98b70349c3c1a071b2" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_f8bb8e32ae4bee495e5d5e7e99" ON "credit_allowance" ("user") `)
        await db.query(`CREATE INDEX "IDX_68060026ae1927a2ecb1511059" ON "credit_allowance" ("attributor") `)
        await db.query(`CREATE TABLE "owed_payment" ("id" character varying NOT NULL, "contract" text NOT NULL, "account" text NOT NULL, "owed" numeric NOT NULL, "updated_at_block" integer NOT NULL, CONSTRAINT "PK_8a6695b3aa6fe99a6a84eb8b168" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_53b2af38156dcd09f6af85aa62" ON "owed_payment" ("account") `)
        await db.query(`CREATE TABLE "payment_event" ("id" character varying NOT NULL, "contract" text NOT NULL, "account" text NOT NULL, "kind" character varying(9) NOT NULL, "amount" numeric NOT NULL, "owed_after" numeric NOT NULL, "block_number" integer NOT NULL, "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL, "tx_hash" text NOT NULL, "log_index" integer NOT NULL, "challenge_id" character varying, CONSTRAINT "PK_7e4a9d66fdf160a9fb9d236150f" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_1ec9fed2b2d78a5ec9066ccc94" ON "payment_event" ("account") `)
        await db.query(`CREATE INDEX "IDX_f294d465c9140f93b5feed5697" ON "payment_event" ("challenge_id") `)
        await db.query(`CREATE INDEX "IDX_0fd6217d38fc5c3978369a041c" ON "payment_event" ("block_number") `)
        await db.query(`ALTER TABLE "credit_spend" ADD "attributor" text NOT NULL`)
        await db.query(`ALTER TABLE "credit_spend" ADD "allowance_after" numeric NOT NULL`)
        await db.query(`ALTER TABLE "attributor" ADD "last_record_at" numeric NOT NULL`)
        await db.query(`CREATE INDEX "IDX_d2c5f164e0ecd90138926610f2" ON "credit_spend" ("attributor") `)
        await db.query(`ALTER TABLE "stake_reward_accrual" ADD CONSTRAINT "FK_1e10a48c8a86e11a0efd2efd425" FOREIGN KEY ("stake_id") REFERENCES "stake"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "payment_event" ADD CONSTRAINT "FK_f294d465c9140f93b5feed5697e" FOREIGN KEY ("challenge_id") REFERENCES "challenge"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`DROP TABLE "stake_reward_accrual"`)
        await db.query(`DROP INDEX "public"."IDX_1e10a48c8a86e11a0efd2efd42"`)
        await db.query(`DROP INDEX "public"."IDX_ee2feb36173d5369e46602c1ba"`)
        await db.query(`DROP TABLE "staking_reserve"`)
        await db.query(`DROP TABLE "credit_allowance"`)
        await db.query(`DROP INDEX "public"."IDX_f8bb8e32ae4bee495e5d5e7e99"`)
        await db.query(`DROP INDEX "public"."IDX_68060026ae1927a2ecb1511059"`)
        await db.query(`DROP TABLE "owed_payment"`)
        await db.query(`DROP INDEX "public"."IDX_53b2af38156dcd09f6af85aa62"`)
        await db.query(`DROP TABLE "payment_event"`)
        await db.query(`DROP INDEX "public"."IDX_1ec9fed2b2d78a5ec9066ccc94"`)
        await db.query(`DROP INDEX "public"."IDX_f294d465c9140f93b5feed5697"`)
        await db.query(`DROP INDEX "public"."IDX_0fd6217d38fc5c3978369a041c"`)
        await db.query(`ALTER TABLE "credit_spend" DROP COLUMN "attributor"`)
        await db.query(`ALTER TABLE "credit_spend" DROP COLUMN "allowance_after"`)
        await db.query(`ALTER TABLE "attributor" DROP COLUMN "last_record_at"`)
        await db.query(`DROP INDEX "public"."IDX_d2c5f164e0ecd90138926610f2"`)
        await db.query(`ALTER TABLE "stake_reward_accrual" DROP CONSTRAINT "FK_1e10a48c8a86e11a0efd2efd425"`)
        await db.query(`ALTER TABLE "payment_event" DROP CONSTRAINT "FK_f294d465c9140f93b5feed5697e"`)
    }
}
