//! Function and aggregate instructions: Function, AggStep, AggInverse, AggFinal, AggValue.

use crate::connection::ConnState;
use crate::error::{Error, Result};

use super::exec::{Flow, Vm};
use super::insn::Insn;

/// An aggregate's running state, kept per accumulator register.
pub(crate) struct AggSlot {}

impl Vm {
    pub(crate) fn exec_func(&mut self, insn: &Insn, conn: &mut ConnState) -> Result<Option<Flow>> {
        let _ = conn;
        match insn {
            Insn::Function { func, .. }
            | Insn::AggStep { func, .. }
            | Insn::AggInverse { func, .. }
            | Insn::AggFinal { func, .. }
            | Insn::AggValue { func, .. } => {
                Err(Error::sql(format!("no such function: {}", func.name)))
            }
            _ => Ok(None),
        }
    }
}
