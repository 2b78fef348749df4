//! `shebao mapping list|delete ID`: the column mappings remembered for sources whose header
//! is not recognised (with `import --save-mapping`, or in the window).

use super::Output;
use crate::table;
use serde_json::json;
use shebao_core::{Error, Lang, Result, Store};

pub fn list(store: &Store, out: Output) -> Result<()> {
    let saved = store.import_mappings()?;
    if out.json {
        out.print_json(&json!({ "mappings": saved }));
        return Ok(());
    }
    let lang = out.lang;
    if saved.is_empty() {
        println!(
            "{}",
            lang.pick("还没有记住的列映射。", "No column mappings remembered yet.")
        );
        return Ok(());
    }
    let header = [
        lang.pick("编号", "id"),
        lang.pick("来源文件", "made for"),
        lang.pick("识别依据", "found by"),
        lang.pick("列", "columns"),
        lang.pick("最近使用", "last used"),
    ];
    let rows: Vec<Vec<String>> = saved
        .iter()
        .map(|m| {
            let found_by = if m.signature.is_empty() {
                format!("{}{}", lang.pick("文件名 ", "file name "), m.name_pattern)
            } else {
                lang.pick("表头文字", "header words").to_string()
            };
            vec![
                m.id.to_string(),
                m.label.clone(),
                found_by,
                m.mapping.describe(lang),
                m.last_used.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    println!("{}", table::render(&header, &rows));
    Ok(())
}

pub fn delete(store: &Store, id: i64, out: Output) -> Result<()> {
    if !store.delete_import_mapping(id)? {
        return Err(Error::InvalidField {
            field: "mapping",
            value: id.to_string(),
        });
    }
    if out.json {
        out.print_json(&json!({ "deleted": id }));
    } else {
        println!(
            "{}",
            match out.lang {
                Lang::Zh => format!("已删除列映射 {id}"),
                Lang::En => format!("forgot column mapping {id}"),
            }
        );
    }
    Ok(())
}
